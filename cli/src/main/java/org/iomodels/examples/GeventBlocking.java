package org.iomodels.examples;

import java.io.PrintStream;
import java.util.List;
import org.iomodels.green.Green;
import org.iomodels.green.Hub;

/**
 * What an unpatched gevent program does, in Java: a greenlet that makes a plain blocking call
 * (here {@code Thread.sleep}; a {@code java.net.Socket} read blocks the same way) stops the whole
 * hub, and the blocking monitor says so on stderr, naming the greenlet and the call. Then the
 * same call through {@code Hub.runInThreadPool}: the other greenlet goes on ticking. What to see:
 * no ticks during the blocking call and one {@code blocked for ... by greenlet blocker} line; ticks
 * all along the second time, and no line. (Java's own {@code patch_all} is the virtual thread:
 * plain blocking calls park it instead of the carrier.)
 */
public final class GeventBlocking {
    private GeventBlocking() {}

    public static void run(PrintStream out) {
        Hub hub = Hub.get();
        double t0 = hub.time();
        for (boolean pooled : new boolean[] {false, true}) {
            out.printf("%.2f s  %s%n", hub.time() - t0, pooled ? "the same call through Hub.runInThreadPool:"
                    : "a greenlet calls Thread.sleep(300 ms) directly:");
            var ticker = Green.spawn(() -> {
                for (int i = 0; i < 8; i++) {
                    out.printf("%.2f s    tick %d%n", hub.time() - t0, i);
                    Green.sleep(0.05);
                }
            }, "ticker");
            var blocker = Green.spawn(() -> {
                Green.sleep(0.06);
                if (pooled) {
                    hub.runInThreadPool(() -> {
                        Thread.sleep(300);
                        return null;
                    });
                } else {
                    Thread.sleep(300); // blocks the hub's thread: nobody else runs
                }
                out.printf("%.2f s    the blocking call returned%n", hub.time() - t0);
                return null;
            }, "blocker");
            Green.joinAll(List.of(ticker, blocker));
        }
    }
}
