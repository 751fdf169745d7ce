package org.iomodels.bench.claims;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.iomodels.green.Greenlet;

/**
 * Claim 4's measurement: N tasks in a ring pass a token from each to the next, and every pass is
 * a switch from one task to another: greenlets by {@code switchTo} on one thread, virtual or
 * platform threads by unpark and park. The result is nanoseconds per switch.
 */
final class SwitchRing {
    private SwitchRing() {}

    /** ns per switch of {@code n} greenlets passing the token {@code passes} times in all. */
    static double greenlets(int n, int passes) {
        Greenlet[] ring = new Greenlet[n];
        int[] left = {passes};
        Greenlet main = Greenlet.current();
        for (int i = 0; i < n; i++) {
            int next = (i + 1) % n;
            ring[i] = new Greenlet(arg -> {
                while (true) {
                    if (--left[0] <= 0) {
                        main.switchTo(null);
                    }
                    ring[next].switchTo(null);
                }
            }, "ring-" + i, main);
        }
        long t = System.nanoTime();
        ring[0].switchTo(null);
        double ns = (System.nanoTime() - t) / (double) passes;
        for (Greenlet g : ring) {
            if (!g.isDead()) {
                g.throwInto(new org.iomodels.green.GreenletExit());
            }
        }
        return ns;
    }

    /** ns per switch of {@code n} threads (virtual or platform) passing the token by unpark and park. */
    static double threads(int n, int passes, boolean virtual) throws InterruptedException {
        Thread[] ring = new Thread[n];
        AtomicInteger turn = new AtomicInteger(-1); // whose turn it is: one thread runs at a time
        int[] left = {passes}; // touched only by the thread whose turn it is (the atomic hands it over)
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch ready = new CountDownLatch(n);
        Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon().stackSize(256 << 10);
        for (int i = 0; i < n; i++) {
            int me = i;
            ring[i] = builder.unstarted(() -> {
                ready.countDown();
                while (true) {
                    while (turn.get() != me) {
                        if (done.getCount() == 0) {
                            return;
                        }
                        LockSupport.park();
                    }
                    if (--left[0] <= 0) {
                        done.countDown();
                        return;
                    }
                    int next = (me + 1) % n;
                    turn.set(next);
                    LockSupport.unpark(ring[next]);
                }
            });
        }
        try {
            for (Thread th : ring) {
                th.start();
            }
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(n + " threads did not start within 60 s");
            }
            long t = System.nanoTime();
            turn.set(0);
            LockSupport.unpark(ring[0]);
            if (!done.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the ring of " + n + " threads did not finish " + passes + " passes within 120 s");
            }
            return (System.nanoTime() - t) / (double) passes;
        } finally {
            done.countDown();
            for (Thread th : ring) {
                LockSupport.unpark(th);
            }
            for (Thread th : ring) {
                th.join(10_000);
            }
        }
    }
}
