package org.iomodels.examples;

import java.io.PrintStream;
import java.util.List;
import org.iomodels.green.Green;
import org.iomodels.green.Hub;

/**
 * The seeds' gevent example: three functions spawned as greenlets and joined. Each prints, sleeps
 * (simulated I/O), prints again. What to see: the order, {@code running 1}, {@code running 3},
 * {@code running 5}, {@code end?}, {@code running 2}, {@code running 4} — each sleep switches to
 * the next greenlet at once, and {@code sleep(0)} only yields — and the time: about 3 s, the
 * longest sleep, not 2 + 3 = 5 s, because the sleeps overlap on one thread.
 */
public final class GeventSleep {
    private GeventSleep() {}

    /** Runs the example, printing to {@code out}; {@code scale} multiplies the seed's sleeps (1: 2 s and 3 s). */
    public static double run(PrintStream out, double scale) {
        double start = Hub.get().time();
        Green.joinAll(List.of(
                Green.spawn(() -> {
                    out.println("running 1");
                    Green.sleep(2 * scale); // the seed's simulated I/O
                    out.println("running 2");
                }),
                Green.spawn(() -> {
                    out.println("running 3");
                    Green.sleep(3 * scale);
                    out.println("running 4");
                }),
                Green.spawn(() -> {
                    out.println("running 5");
                    Green.sleep(0); // yields to the others, waits for nothing
                    out.println("end?");
                })));
        double took = Hub.get().time() - start;
        out.printf("took %.2f s: the sleeps (%.1f s and %.1f s) overlapped on one thread, not %.1f s one after the other%n",
                took, 2 * scale, 3 * scale, 5 * scale);
        return took;
    }
}
