package org.iomodels.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP scenario's client: one run of wrk (https://github.com/wg/wrk), a C load generator on
 * epoll, as {@code wrk -t T -c C -d Ds --latency [-s pipeline.lua] URL [-- K]} in a process of its
 * own. While it runs, its CPU time is sampled from /proc every 100 ms, because once it exits
 * /proc no longer has it: the last sample before exit gives the cores it used.
 */
public final class WrkProcess {
    /** The one sentence a user without wrk gets. */
    public static final String MISSING = "the http scenario needs wrk, which is not on PATH: install it with 'apt-get install wrk' (Debian, Ubuntu)";

    /** What one run printed, and the CPU cores wrk used while running (NaN if it ended before two samples). */
    record Result(WrkOutput output, double cores) {}

    /** wrk ended without its summary (a bad script, no server) or did not end: the run has no figures. */
    static final class Failure extends IOException {
        Failure(String message) {
            super(message);
        }
    }

    private final Process process;
    private final CompletableFuture<String> stderr;
    private final Thread sampler;
    private volatile double cores = Double.NaN;

    private WrkProcess(List<String> command) throws IOException {
        process = new ProcessBuilder(command).start();
        stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        sampler = Thread.ofPlatform().daemon().name("wrk-cpu").start(this::sampleCpu);
    }

    /** wrk on PATH, or null. */
    public static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "wrk"))) {
                return Path.of(dir, "wrk");
            }
        }
        return null;
    }

    /**
     * The arguments of one run. wrk needs at least as many connections as threads, so threads are
     * capped at the connection count; with {@code pipeline > 1}, {@code script} (pipeline.lua)
     * sends that many requests per write.
     */
    static List<String> command(Path wrk, int threads, int conns, long seconds, String url, Path script, int pipeline) {
        List<String> cmd = new ArrayList<>(List.of(wrk.toString(), "-t", Integer.toString(Math.min(threads, conns)),
                "-c", Integer.toString(conns), "-d", seconds + "s", "--latency"));
        if (pipeline > 1) {
            cmd.addAll(List.of("-s", script.toString(), url, "--", Integer.toString(pipeline)));
        } else {
            cmd.add(url);
        }
        return cmd;
    }

    /** The pipelining script, copied out of the jar into {@code dir} (wrk reads scripts from files). */
    static Path pipelineScript(Path dir) throws IOException {
        Path target = dir.resolve("pipeline.lua");
        try (InputStream in = WrkProcess.class.getResourceAsStream("wrk/pipeline.lua")) {
            if (in == null) {
                throw new IOException("the bench jar lacks wrk/pipeline.lua");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    static WrkProcess start(List<String> command) throws IOException {
        return new WrkProcess(command);
    }

    /** Waits for wrk to end and parses its summary; wrk ending without one is a {@link Failure} with what it said. */
    Result await(long timeoutSeconds) throws Failure, InterruptedException {
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new Failure("wrk did not finish in " + timeoutSeconds + " s");
        }
        sampler.join(1000);
        try {
            return new Result(WrkOutput.parse(stdout.join()), cores);
        } catch (IllegalArgumentException e) {
            String err = stderr.join().strip();
            throw new Failure("wrk exited " + process.exitValue() + (err.isEmpty() ? "" : ": " + err) + "; " + e.getMessage());
        }
    }

    void kill() {
        process.destroyForcibly();
    }

    /** Samples /proc/PID/stat until the process is gone; cores = CPU between the first and last sample / their interval. */
    private void sampleCpu() {
        double[] first = null;
        long firstAt = 0;
        try {
            while (process.isAlive()) {
                double[] now = Proc.cpuSeconds(process.pid());
                long at = System.nanoTime();
                if (first == null) {
                    first = now;
                    firstAt = at;
                } else if (at > firstAt) {
                    cores = (now[0] + now[1] - first[0] - first[1]) / ((at - firstAt) / 1e9);
                }
                Thread.sleep(100);
            }
        } catch (IOException | RuntimeException e) {
            // gone between isAlive and the read: the last sample stands
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
