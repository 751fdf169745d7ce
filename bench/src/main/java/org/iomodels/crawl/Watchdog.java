package org.iomodels.crawl;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The whole-request deadline of the blocking clients, whose own timeouts are per read (a server
 * that sends a byte a second would hold them for ever): at the deadline the request's connection
 * is closed from here, and its blocked read fails. One daemon thread for the process.
 */
final class Watchdog implements AutoCloseable {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final ScheduledFuture<?> task;
    private volatile boolean fired;

    private Watchdog(Duration after, Runnable abort) {
        this.task = TIMER.schedule(() -> {
            fired = true;
            abort.run();
        }, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code abort} {@code after} from now unless closed first. */
    static Watchdog start(Duration after, Runnable abort) {
        return new Watchdog(after, abort);
    }

    /** Whether the deadline passed and the request was aborted. */
    boolean fired() {
        return fired;
    }

    @Override
    public void close() {
        task.cancel(false);
    }

    private static ScheduledThreadPoolExecutor timer() {
        var t = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon().name("crawl-watchdog").unstarted(r));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }
}
