package org.iomodels.load;

/**
 * Open-loop pacing, as wrk2 does it: message {@code k} of a worker is due at
 * {@code t0 + k * interval} on busy connection {@code k % busy}, whatever the server does.
 *
 * <p>{@link #catchUp} hands out every message that has fallen due since the last call as a count
 * per connection, in O(busy) whatever the backlog: the worker only adds bytes to each
 * connection's queue and sends what the sockets take, so a rate the load cannot keep never turns
 * into one send per overdue message (issue 11: that loop sent on after EAGAIN, never returned to
 * {@code epoll_wait} and so never read an echo).
 */
final class OpenLoopPacer {
    /** Told how many more messages connection {@code local} must send. */
    interface Sink {
        void add(int local, long messages);
    }

    private final long t0;
    private final double intervalNanos;
    private final int busy;
    /** The first message not yet handed out: every one before it is scheduled. */
    private long next;

    OpenLoopPacer(long t0, double intervalNanos, int busy) {
        this.t0 = t0;
        this.intervalNanos = intervalNanos;
        this.busy = busy;
    }

    /** When message {@code k} is due (System.nanoTime); also where its latency starts. */
    long dueAt(long k) {
        return t0 + (long) (k * intervalNanos);
    }

    /** When the next message not yet handed out is due. */
    long nextDue() {
        return dueAt(next);
    }

    /** Messages handed out so far: every one due by the last {@link #catchUp}. */
    long scheduled() {
        return next;
    }

    /** Hands every message due by {@code now} to {@code sink}, one call per connection that gets any. */
    void catchUp(long now, Sink sink) {
        if (now < t0) {
            return;
        }
        long upTo = (long) ((now - t0) / intervalNanos) + 1;
        while (upTo > next && dueAt(upTo - 1) > now) { // the division may round a hair past dueAt
            upTo--;
        }
        long n = upTo - next;
        if (n <= 0) {
            return;
        }
        int first = (int) (next % busy);
        long full = n / busy;
        int rest = (int) (n % busy);
        if (full == 0) {
            for (int i = 0; i < rest; i++) {
                sink.add((first + i) % busy, 1);
            }
        } else {
            for (int local = 0; local < busy; local++) {
                sink.add(local, full + (Math.floorMod(local - first, busy) < rest ? 1 : 0));
            }
        }
        next = upTo;
    }
}
