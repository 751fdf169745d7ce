package org.iomodels.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in its own fresh process: started, its port read from its
 * {@code listening on HOST:PORT} line, measured through /proc (CPU, peak RSS, threads), and
 * stopped with SIGTERM, after which its remaining stdout (our engines' stats line) is kept.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on [^:]+:(\\d+).*");

    private final Process process;
    private final BufferedReader stdout;
    final int port;

    private ServerProcess(Process process, BufferedReader stdout, int port) {
        this.process = process;
        this.stdout = stdout;
        this.port = port;
    }

    /** Starts {@code command} and waits (up to 30 s) for its listening line. */
    static ServerProcess start(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + 30_000_000_000L;
        String line;
        while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(line);
            if (m.matches()) {
                return new ServerProcess(p, out, Integer.parseInt(m.group(1)));
            }
        }
        p.destroyForcibly();
        throw new IOException("server did not print its listening line: " + String.join(" ", command));
    }

    long pid() {
        return process.pid();
    }

    /** CPU seconds the process has used so far: {user, system} (proc(5): utime, stime). */
    double[] cpuSeconds() throws IOException {
        return cpuSeconds(pid());
    }

    /** As {@link #cpuSeconds()}, for any process of ours. */
    static double[] cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new double[] {Long.parseLong(f[11]) / 100.0, Long.parseLong(f[12]) / 100.0}; // USER_HZ is 100 on Linux
    }

    /** A field of /proc/PID/status in its unit (kB for memory), e.g. VmHWM, VmRSS, Threads. */
    long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid() + "/status");
    }

    /** SIGTERM, then what the process printed after its listening line. */
    List<String> stop() throws IOException, InterruptedException {
        // SIGTERM through the handle: Process.destroy() would also close our end of its stdout.
        process.toHandle().destroy();
        List<String> rest = new ArrayList<>();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        String line;
        while ((line = stdout.readLine()) != null) {
            rest.add(line);
        }
        return rest;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
