package org.iomodels.load;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;

/**
 * Runs one load: opens the connections across {@code threads} {@link LoadWorker}s, starts them on
 * one clock, waits out warm-up and measurement, and merges what they saw into a {@link LoadResult}.
 * Progress goes to {@code progress} as lines a script can wait for: {@code load: connected N},
 * {@code load: measuring}, {@code load: finished}.
 */
public final class LoadGenerator {
    private LoadGenerator() {}

    public static LoadResult run(LoadConfig config, PrintStream progress) throws InterruptedException {
        try (Arena arena = Arena.ofShared()) {
            BytePattern pattern = new BytePattern(arena, 0x10AD5EEDL);
            int threads = Math.min(config.threads(), config.conns() + config.idle());
            LoadPhases phases = new LoadPhases();
            CountDownLatch connected = new CountDownLatch(threads);
            List<LoadWorker> workers = new ArrayList<>();
            List<Thread> started = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int b0 = share(config.conns(), threads, t);
                int busy = share(config.conns(), threads, t + 1) - b0;
                int idle = share(config.idle(), threads, t + 1) - share(config.idle(), threads, t);
                LoadWorker w = new LoadWorker(config, b0, busy, idle, pattern, phases, connected);
                workers.add(w);
                started.add(Thread.ofPlatform().name("load-" + t).start(w));
            }
            connected.await();
            int opened = workers.stream().mapToInt(w -> w.opened).sum();
            progress.println("load: connected " + opened + " of " + (config.conns() + config.idle()));
            progress.flush();
            if (opened == 0) {
                phases.abort();
            } else {
                phases.start(config.warmup(), config.duration());
                sleepUntil(phases.warmEnd);
                progress.println("load: measuring");
                progress.flush();
            }
            for (Thread t : started) {
                t.join();
            }
            progress.println("load: finished");
            progress.flush();
            return merge(config, workers, opened, opened == 0 ? 0 : (phases.end - phases.warmEnd) / 1e9);
        }
    }

    /** Where part {@code t} of {@code n} items split into {@code parts} begins. */
    private static int share(int n, int parts, int t) {
        return (int) ((long) n * t / parts);
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private static LoadResult merge(LoadConfig config, List<LoadWorker> workers, int opened, double seconds) {
        Histogram latency = new Histogram(LoadWorker.MAX_LATENCY_NANOS, 3);
        LoadErrors errors = new LoadErrors();
        long msgs = 0;
        long total = 0;
        long outstanding = 0;
        long scheduled = 0;
        long sent = 0;
        for (LoadWorker w : workers) {
            latency.add(w.latency);
            errors.add(w.errors);
            msgs += w.msgs;
            total += w.totalMsgs;
            outstanding += w.outstanding;
            scheduled += w.scheduled;
            sent += w.sent;
        }
        // Nothing echoed in the whole measured window is a stall, even when the load also fell behind
        // its schedule: a server that echoes at any rate is never called stalled.
        if (opened > 0 && config.conns() > 0 && msgs == 0 && errors.total() == 0) {
            errors.lost("no message was echoed during the " + seconds + " s measured (a stalled server?)");
        }
        return new LoadResult(config, opened, msgs, total, outstanding, scheduled, sent, seconds, latency, errors);
    }
}
