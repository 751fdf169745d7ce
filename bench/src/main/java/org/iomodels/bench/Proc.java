package org.iomodels.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What {@code proc(5)} says about a process the bench started: its CPU time and its status fields. */
final class Proc {
    private Proc() {}

    /** CPU seconds the process has used so far: {user, system} (/proc/PID/stat utime, stime). */
    static double[] cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new double[] {Long.parseLong(f[11]) / 100.0, Long.parseLong(f[12]) / 100.0}; // USER_HZ is 100 on Linux
    }

    /** A field of /proc/PID/status in its unit (kB for memory), e.g. VmHWM, VmRSS, Threads. */
    static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }

    /**
     * TCP connections to {@code port} that have been accepted, as {@code /proc/PID/net/tcp} and
     * {@code tcp6} (proc(5)) list them in the process's network namespace: established (state 01)
     * with a socket inode. One still in the listen queue has inode 0: the kernel completed its
     * handshake, but no process holds it yet.
     */
    static int acceptedConnections(long pid, int port) throws IOException {
        int n = 0;
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc/" + pid + "/net/" + table);
            if (Files.exists(file)) {
                n += acceptedConnections(Files.readAllLines(file), port);
            }
        }
        return n;
    }

    /** {@link #acceptedConnections(long, int)} over the lines of one table, its header first. */
    static int acceptedConnections(List<String> table, int port) {
        String local = String.format(":%04X", port);
        int n = 0;
        for (String line : table.subList(Math.min(1, table.size()), table.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 9 && f[1].endsWith(local) && f[3].equals("01") && !f[9].equals("0")) {
                n++;
            }
        }
        return n;
    }
}
