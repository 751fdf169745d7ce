package org.iomodels.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.process.pool.AsyncResult;
import org.iomodels.process.pool.Pool;
import org.iomodels.process.pool.WorkerDiedException;

/**
 * The seeds' Pool programs: {@code Pool(3)} and ten {@code applyAsync} tasks that sleep a second
 * and return {@code i + 100}, a callback printing each (four rounds of three: about 4 s); and the
 * same with a task that kills its own worker, which Python's pool would wait for for ever.
 */
public final class Pools {
    private Pools() {}

    public static void pool(PrintStream out) throws Exception {
        long t0 = System.nanoTime();
        try (Pool pool = new Pool(3)) {
            for (int i = 0; i < 10; i++) {
                pool.applyAsync((Integer n) -> {
                    Thread.sleep(1000);
                    return n + 100;
                }, i, v -> out.println("callback: " + v), e -> out.println("error: " + e));
            }
            out.println("all ten submitted; try-with-resources waits for them");
        }
        out.printf("done in %.1f s (10 tasks of 1 s on 3 workers: 4 rounds)%n", (System.nanoTime() - t0) / 1e9);
    }

    public static void poolCrash(PrintStream out) throws Exception {
        try (Pool pool = new Pool(3)) {
            List<AsyncResult<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(pool.applyAsync((Integer n) -> {
                    if (n == 4) {
                        new ProcessBuilder("kill", "-KILL", String.valueOf(ProcessHandle.current().pid())).start().waitFor();
                        Thread.sleep(10_000);
                    }
                    Thread.sleep(200);
                    return n + 100;
                }, i));
            }
            for (int i = 0; i < 10; i++) {
                try {
                    out.println("task " + i + ": " + results.get(i).get(60));
                } catch (WorkerDiedException e) {
                    out.println("task " + i + ": failed: " + e.getMessage());
                }
            }
        }
        out.println("the pool replaced the dead worker and finished the rest");
    }

    /**
     * A long map, as one would watch it: {@code tasks} CPU-bound tasks (the primes in a block of
     * 100,000 numbers each) on one worker per core through {@code imapUnordered}, {@code progress}
     * told after each result; prints the primes found and the time.
     */
    public static long primes(PrintStream out, int tasks, java.util.function.IntConsumer progress) throws Exception {
        long t0 = System.nanoTime();
        long total = 0;
        int workers = Runtime.getRuntime().availableProcessors();
        try (Pool pool = new Pool(workers)) {
            List<Integer> blocks = java.util.stream.IntStream.range(0, tasks).boxed().toList();
            var results = pool.imapUnordered((Integer block) -> countPrimes(block * 100_000L, (block + 1) * 100_000L), blocks);
            int done = 0;
            while (results.hasNext()) {
                total += results.next();
                progress.accept(++done);
            }
        }
        out.printf("%d primes below %,d, in %d tasks on %d workers, %.1f s%n", total, tasks * 100_000L, tasks, workers,
                (System.nanoTime() - t0) / 1e9);
        return total;
    }

    static long countPrimes(long from, long to) {
        long n = 0;
        for (long k = Math.max(2, from); k < to; k++) {
            boolean prime = true;
            for (long d = 2; d * d <= k; d++) {
                if (k % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                n++;
            }
        }
        return n;
    }
}
