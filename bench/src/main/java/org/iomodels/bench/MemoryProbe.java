package org.iomodels.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's memory at one moment: resident set size from /proc, and for a JVM the heap in use
 * after a full collection ({@code jcmd PID GC.run}, then {@code GC.heap_info}), so garbage does
 * not count as the cost of a connection. {@link #awaitAccepted} makes that moment one at which the
 * server holds every connection: the load's side of a handshake completes before the server
 * accepts, and a thread-per-connection server lags by its thread starts (issue 11: {@code blocking}
 * at 1,000 connections was sampled at 103 threads with {@code --warmup 0}).
 */
final class MemoryProbe {
    record Sample(double rssBytes, double heapBytes) {}

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final long POLL_MILLIS = 20;
    /** A thread count unchanged this long has every connection's thread started. */
    private static final long SETTLED_NANOS = 100_000_000L;

    private final ServerProcess server;
    private final boolean jvm;
    private final Path jcmd;

    MemoryProbe(BenchConfig config, ServerProcess server, boolean jvm) {
        this.server = server;
        this.jvm = jvm;
        this.jcmd = Path.of(config.java().getFirst()).resolveSibling("jcmd");
    }

    /**
     * Waits until the server has accepted {@code n} connections ({@link Proc#acceptedConnections})
     * and its thread count has settled; past {@code timeoutNanos}, fails with how many it holds.
     */
    void awaitAccepted(int n, long timeoutNanos) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeoutNanos;
        int held;
        while ((held = Proc.acceptedConnections(server.pid(), server.port)) < n) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException(String.format(Locale.ROOT, "the server had accepted %d of %d connections %.1f s after the load"
                        + " opened them; memory not sampled (a longer --warmup gives it more time)", held, n, (System.nanoTime() - start) / 1e9));
            }
            Thread.sleep(POLL_MILLIS);
        }
        long threads = server.status("Threads");
        long since = System.nanoTime();
        while (System.nanoTime() - since < SETTLED_NANOS && System.nanoTime() - deadline < 0) {
            Thread.sleep(POLL_MILLIS);
            long now = server.status("Threads");
            if (now != threads) {
                threads = now;
                since = System.nanoTime();
            }
        }
    }

    Sample sample() throws IOException, InterruptedException {
        double heap = Double.NaN;
        if (jvm) {
            jcmd("GC.run");
            Matcher m = USED.matcher(jcmd("GC.heap_info"));
            heap = m.find() ? Long.parseLong(m.group(1)) * 1024.0 : Double.NaN;
        }
        return new Sample(server.status("VmRSS") * 1024.0, heap);
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(server.pid()), command))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jcmd " + server.pid() + " " + command + " failed: " + out.trim());
        }
        return out;
    }
}
