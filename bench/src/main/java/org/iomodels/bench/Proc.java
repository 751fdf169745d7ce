package org.iomodels.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
