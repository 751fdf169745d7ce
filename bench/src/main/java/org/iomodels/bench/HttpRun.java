package org.iomodels.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of the http scenario: wrk warms the server up for {@code --warmup} seconds, then a
 * second wrk run of {@code --duration} seconds is measured while the server's CPU and threads are
 * read from /proc. A run in which wrk saw any socket error or any response that was not 2xx or
 * 3xx is failed: its figures go to results.json with the reason, never into a median.
 */
final class HttpRun {
    /** TechEmpower's plaintext test: the smallest response, so the I/O model, not the handler, is measured. */
    static final String PATH = "/plaintext";
    private static final Pattern REQUESTS = Pattern.compile("stats model=.* requests=(\\d+)\\b.*");

    private final BenchConfig config;
    private final ServerProcess server;
    private final Path wrk;
    private final Path script;

    HttpRun(BenchConfig config, ServerProcess server) throws IOException {
        this.config = config;
        this.server = server;
        this.wrk = WrkProcess.find();
        if (wrk == null) {
            throw new IOException(WrkProcess.MISSING);
        }
        this.script = config.pipeline() > 1 ? WrkProcess.pipelineScript(config.out()) : null;
    }

    RunResult measure(Target target, int conns, int rep) throws IOException, InterruptedException {
        try {
            return warmUpAndMeasure(target, conns, rep);
        } catch (WrkProcess.Failure e) {
            return failed(target, conns, rep, WrkOutput.NONE, Double.NaN, e.getMessage());
        }
    }

    private RunResult warmUpAndMeasure(Target target, int conns, int rep) throws IOException, InterruptedException {
        long warmupRequests = 0;
        if (config.warmup() > 0) {
            WrkOutput warm = run(conns, (long) config.warmup()).output();
            // A cold JVM compiling its hot paths can keep a few requests past wrk's 2 s timeout; that
            // is what warming up is for. Anything else (a refused, reset or non-2xx request) is a fault.
            if (warm.failure() != null && (warm.socketErrors() > warm.timeouts() || warm.non2xx() > 0 || warm.requests() == 0)) {
                return failed(target, conns, rep, warm, Double.NaN, "warm-up: " + warm.failure());
            }
            warmupRequests = warm.requests();
        }
        double[] before = server.cpuSeconds();
        WrkProcess measured = start(conns, (long) config.duration());
        WrkProcess.Result result;
        double threads;
        try {
            // Midway every connection is open: what a thread-per-connection server holds then is its cost.
            Thread.sleep((long) (config.duration() * 500));
            threads = server.status("Threads");
            result = measured.await((long) config.duration() + 60);
        } finally {
            measured.kill();
        }
        double[] after = server.cpuSeconds();
        WrkOutput out = result.output();
        double peakRss = server.status("VmHWM");
        List<String> tail = server.stop();
        if (out.failure() != null) {
            return failed(target, conns, rep, out, result.cores(), out.failure());
        }
        double perRequest = syscallsPerRequest(tail, warmupRequests + out.requests());
        double cpu = after[0] + after[1] - before[0] - before[1];
        double system = after[1] - before[1];
        return new RunResult(target.name(), conns, 0, rep, null, out.requestsPerSec(), out.p50(), out.p90(), out.p99(),
                Double.NaN, out.max(), cpu / out.requests() * 1e6, cpu > 0 ? system / cpu : Double.NaN, result.cores(),
                peakRss, threads, perRequest, Double.NaN, Double.NaN, 0, null, out.p75(), out.bytesPerSec(), null);
    }

    /**
     * The engine's syscalls over the requests it answered, warm-up included as in its counters: its
     * own count from the stats line ({@code requests=}, exact), else every request wrk completed
     * (short by those in flight when each wrk run ended). NaN for a peer, which prints no stats.
     */
    static double syscallsPerRequest(List<String> serverTail, long wrkRequests) {
        long syscalls = BenchRunner.syscalls(serverTail);
        if (syscalls < 0) {
            return Double.NaN;
        }
        long answered = serverTail.stream().map(REQUESTS::matcher).filter(Matcher::matches)
                .mapToLong(m -> Long.parseLong(m.group(1))).findFirst().orElse(wrkRequests);
        return answered > 0 ? syscalls / (double) answered : Double.NaN;
    }

    private WrkProcess.Result run(int conns, long seconds) throws IOException, InterruptedException {
        WrkProcess process = start(conns, seconds);
        try {
            return process.await(seconds + 60);
        } finally {
            process.kill();
        }
    }

    private WrkProcess start(int conns, long seconds) throws IOException {
        String url = "http://127.0.0.1:" + server.port + PATH;
        List<String> command = WrkProcess.command(wrk, config.loadThreads(), conns, seconds, url, script, config.pipeline());
        return WrkProcess.start(Children.guard(command));
    }

    /** wrk's figures kept as data, but marked failed (so no median uses them) and counted as errors (so the bench exits 1). */
    private static RunResult failed(Target target, int conns, int rep, WrkOutput out, double cores, String why) {
        double n = Double.NaN;
        long errors = Math.max(1, out.socketErrors() + out.non2xx());
        return new RunResult(target.name(), conns, 0, rep, "failed: " + why, out.requestsPerSec(), out.p50(), out.p90(), out.p99(),
                n, out.max(), n, n, cores, n, n, n, n, n, errors, why, out.p75(), out.bytesPerSec(), null);
    }
}
