package org.iomodels.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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

    /** CPU seconds the server has used so far: {user, system}. */
    double[] cpuSeconds() throws IOException {
        return Proc.cpuSeconds(pid());
    }

    /** A field of the server's /proc/PID/status, e.g. VmHWM, VmRSS, Threads. */
    long status(String field) throws IOException {
        return Proc.status(pid(), field);
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
