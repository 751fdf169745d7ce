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
    private final Path stderr;
    final int port;

    private ServerProcess(Process process, BufferedReader stdout, Path stderr, int port) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.port = port;
    }

    /**
     * Starts {@code command} and waits (up to 30 s) for its listening line. Its stderr goes to a
     * file (a pipe nobody reads could fill and stall it), whose last line says why it did not start.
     */
    static ServerProcess start(List<String> command) throws IOException {
        Path stderr = Files.createTempFile("iomodels-bench-server", ".err");
        Process p;
        try {
            p = Children.start(new ProcessBuilder(command).redirectError(stderr.toFile()));
        } catch (IOException e) {
            Files.deleteIfExists(stderr);
            throw e;
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + 30_000_000_000L;
        String line;
        while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(line);
            if (m.matches()) {
                return new ServerProcess(p, out, stderr, Integer.parseInt(m.group(1)));
            }
        }
        p.destroyForcibly();
        String why = lastLine(stderr);
        Files.deleteIfExists(stderr);
        throw new IOException("server did not start" + (why.isEmpty() ? "" : ": " + why) + " (" + shortCommand(command) + ")");
    }

    /** The command without the JVM and its class path: what was asked of the server. */
    private static String shortCommand(List<String> command) {
        int cp = command.indexOf("-cp");
        return String.join(" ", cp < 0 ? command : command.subList(Math.min(cp + 2, command.size()), command.size()));
    }

    private static String lastLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
        } catch (IOException e) {
            // no reason to add
        }
        return "";
    }

    long pid() {
        return process.pid();
    }

    /**
     * CPU seconds the server has used so far, its workers' with it ({@code serve --processes}):
     * {user, system}. A descendant that has ended counts with its last reading, so the figure
     * never goes back between two calls.
     */
    double[] cpuSeconds() throws IOException {
        double[] sum = Proc.cpuSeconds(pid());
        for (long child : workers()) {
            try {
                seen.put(child, Proc.cpuSeconds(child));
            } catch (IOException gone) {
                // ended between the listing and the reading: its last reading stands
            }
        }
        for (double[] c : seen.values()) {
            sum[0] += c[0];
            sum[1] += c[1];
        }
        return sum;
    }

    private final java.util.Map<Long, double[]> seen = new java.util.HashMap<>();

    /** A field of the server's /proc/PID/status (VmHWM, VmRSS, Threads), summed over it and its workers. */
    long status(String field) throws IOException {
        long sum = Proc.status(pid(), field);
        for (long child : workers()) {
            try {
                sum += Proc.status(child, field);
            } catch (IOException gone) {
                // a worker that ended meanwhile
            }
        }
        return sum;
    }

    /** The server's live descendants: the worker JVMs of a {@code serve --processes} (none otherwise). */
    private List<Long> workers() {
        return process.toHandle().descendants().map(ProcessHandle::pid).toList();
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
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException e) {
            // a temporary file; nothing depends on it
        }
    }
}
