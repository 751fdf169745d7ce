package org.iomodels.green;

import java.util.Comparator;

/**
 * A callback scheduled on a {@link Hub}: asyncio's {@code Handle}, and with a time its
 * {@code TimerHandle}. {@link #cancel} before it runs and it never does.
 */
public final class Handle {
    static final Comparator<Handle> BY_TIME =
            Comparator.<Handle>comparingLong(h -> h.whenNanos).thenComparingLong(h -> h.seq);

    private static final int PENDING = 0;
    private static final int RAN = 1;
    private static final int CANCELLED = 2;

    final Runnable callback;
    final long whenNanos; // System.nanoTime of a timer; 0 for a plain callback
    final long seq;
    final boolean timer;
    private final HubLoop loop;
    boolean inHeap; // a timer not yet due: counted among the loop's live timers
    /** A descriptor's watcher: its fd and direction, queued itself each turn the fd is ready; -1 for any other handle. */
    int fd = -1;
    boolean read;
    private volatile int state = PENDING;

    Handle(HubLoop loop, Runnable callback, boolean timer, long whenNanos, long seq) {
        this.loop = loop;
        this.callback = callback;
        this.timer = timer;
        this.whenNanos = whenNanos;
        this.seq = seq;
    }

    /** Stops the callback from running, if it has not run yet; a later call does nothing. */
    public void cancel() {
        if (state == PENDING) {
            state = CANCELLED;
            if (inHeap) {
                loop.timerCancelled(this);
            }
        }
    }

    public boolean cancelled() {
        return state == CANCELLED;
    }

    /** A timer's due time, in {@link Hub#time} seconds; NaN for a plain callback. */
    public double when() {
        return timer ? whenNanos / 1e9 : Double.NaN;
    }

    /** Runs the callback unless cancelled: the loop's thread, once. */
    boolean run() {
        if (state != PENDING) {
            return false;
        }
        state = RAN;
        callback.run();
        return true;
    }

    @Override
    public String toString() {
        return "<" + (timer ? "TimerHandle when=" + when() : "Handle") + (cancelled() ? " cancelled" : "") + " " + callback + ">";
    }
}
