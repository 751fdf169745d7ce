package org.iomodels.load;

import java.util.concurrent.CountDownLatch;

/**
 * The run's clock, set once every worker has opened its connections: sending starts at
 * {@code t0}, measuring at {@code warmEnd}, everything stops at {@code end} (System.nanoTime).
 * The fields are written before {@link #start} releases the workers, which makes them visible.
 */
final class LoadPhases {
    long t0;
    long warmEnd;
    long end;
    private boolean go;
    private final CountDownLatch released = new CountDownLatch(1);

    void start(double warmupSeconds, double durationSeconds) {
        t0 = System.nanoTime() + 1_000_000; // a millisecond for every worker to wake up
        warmEnd = t0 + (long) (warmupSeconds * 1e9);
        end = warmEnd + (long) (durationSeconds * 1e9);
        go = true;
        released.countDown();
    }

    /** Nothing to run (no connection opened): workers are released to clean up. */
    void abort() {
        released.countDown();
    }

    /** Waits for {@link #start} or {@link #abort}; true when the run goes ahead. */
    boolean awaitStart() {
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return go;
    }
}
