package org.iomodels.bench.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.iomodels.process.ChildProcess;
import org.iomodels.process.pool.AsyncResult;
import org.iomodels.process.pool.Pool;

/**
 * One figure of {@code bench --scenario pool} in a fresh JVM, as {@code pool_probe.py} does it in
 * Python: {@code PoolProbe FIGURE} prints {@code FIGURE VALUE}. On a {@code Pool(2)} (as many
 * workers as cores here), each the median of 5 runs after 2 s (at least 3 runs) of the same to
 * warm up: map, 200,000 tasks
 * {@code x * x} with the default chunks, tasks/s; map1, 20,000 with chunksize 1; apply, 20,000
 * {@code applyAsync} then every result; cpu, the time of a CPU-bound map of 16 tasks on one worker
 * over its time on one worker per core; manager, 20,000 sets of a {@code Manager}'s dict from this
 * process, sets/s.
 */
public final class PoolProbe {
    private static final int WORKERS = 2;

    private PoolProbe() {}

    public static void main(String[] args) throws Exception {
        String figure = args[0];
        ChildProcess.setStartMethod("spawn"); // no spare JVM warming up beside the figure
        double v = switch (figure) {
            case "map" -> timed(200_000, (pool, n) -> pool.map((Integer x) -> x * x, range(n)));
            case "map1" -> timed(20_000, (pool, n) -> pool.map((Integer x) -> x * x, range(n), 1));
            case "apply" -> timed(20_000, (pool, n) -> {
                List<AsyncResult<Integer>> all = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    all.add(pool.applyAsync((Integer x) -> x * x, i));
                }
                for (AsyncResult<Integer> r : all) {
                    r.get(-1);
                }
            });
            case "cpu" -> cpu();
            case "manager" -> managerSets(20_000);
            default -> throw new IllegalArgumentException("unknown figure " + figure);
        };
        System.out.println(figure + " " + v);
        System.exit(0);
    }

    interface Run {
        void run(Pool pool, int n) throws Exception;
    }

    private static double timed(int n, Run run) throws Exception {
        try (Pool pool = new Pool(WORKERS)) {
            return median(() -> run.run(pool, n), n); // warmed: the workers started, the code compiled
        }
    }

    private static double managerSets(int n) throws Exception {
        try (org.iomodels.process.manager.Manager m = new org.iomodels.process.manager.Manager()) {
            org.iomodels.process.manager.DictProxy<Integer, Integer> d = m.dict();
            return median(() -> {
                for (int i = 0; i < n; i++) {
                    d.put(i, i);
                }
            }, n);
        }
    }

    interface Once {
        void run() throws Exception;
    }

    /** The median rate of 5 runs of {@code once} ({@code n} operations each), after 2 s (at least 3 runs) of warming up. */
    private static double median(Once once, int n) throws Exception {
        long warm = System.nanoTime() + 2_000_000_000L;
        for (int i = 0; i < 3 || System.nanoTime() < warm; i++) {
            once.run();
        }
        double[] rates = new double[5];
        for (int i = 0; i < rates.length; i++) {
            long t0 = System.nanoTime();
            once.run();
            rates[i] = n / ((System.nanoTime() - t0) / 1e9);
        }
        java.util.Arrays.sort(rates);
        return rates[rates.length / 2];
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** Time on 1 worker over time on WORKERS, for 16 tasks of a loop no compiler can skip. */
    private static double cpu() throws Exception {
        double one = cpuSeconds(1);
        double many = cpuSeconds(WORKERS);
        return one / many;
    }

    private static double cpuSeconds(int workers) throws Exception {
        try (Pool pool = new Pool(workers)) {
            pool.map(PoolProbe::burn, range(workers * 2), 1); // warm: compiled in every worker
            long t0 = System.nanoTime();
            pool.map(PoolProbe::burn, range(16), 1);
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    /** About 0.1 s of arithmetic here: an xorshift walk whose result is returned. */
    static long burn(Integer seed) {
        long x = seed + 1;
        for (int i = 0; i < 150_000_000; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
