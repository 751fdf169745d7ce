package org.iomodels.engine.base;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A server's timer thread for {@link org.iomodels.server.Conn#callLater} on the engines whose
 * threads have no loop to keep timers on (thread-per-connection, {@code jdk-nio2}): one daemon
 * thread, started on first use, tasks due together in the order they were asked for (the JDK's
 * scheduled executor breaks ties by sequence), ended with the server.
 */
public final class ServerTimer {
    private static final Duration LONGEST = Duration.ofDays(365);

    private final String threadName;
    private ScheduledExecutorService executor; // guarded by this
    private boolean stopped; // guarded by this

    ServerTimer(String threadName) {
        this.threadName = threadName;
    }

    /** {@code delay} in nanos, checked (at most a year: the timer's arithmetic stays far from overflow). */
    public static long delayNanos(Duration delay, Runnable task) {
        if (delay == null || task == null) {
            throw new NullPointerException(delay == null ? "delay" : "task");
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, not " + delay);
        }
        return delay.compareTo(LONGEST) > 0 ? LONGEST.toNanos() : delay.toNanos();
    }

    /**
     * Runs {@code task} on the timer thread {@code nanos} from now; quietly drops it if the server
     * is stopping (its connection will not live to run it). Tasks must not block.
     */
    public void schedule(long nanos, Runnable task) {
        ScheduledExecutorService e;
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (executor == null) {
                var t = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon().name(threadName).unstarted(r));
                t.setRemoveOnCancelPolicy(true);
                t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
                executor = t;
            }
            e = executor;
        }
        try {
            e.schedule(task, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // stopped between the check and here
        }
    }

    /** Ends the thread, if it was started, dropping what it had not run. Idempotent. */
    void stop() {
        ScheduledExecutorService e;
        synchronized (this) {
            stopped = true;
            e = executor;
        }
        if (e != null) {
            e.shutdownNow();
            try {
                e.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
