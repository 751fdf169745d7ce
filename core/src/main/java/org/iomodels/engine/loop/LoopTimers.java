package org.iomodels.engine.loop;

import java.util.PriorityQueue;

/**
 * An event loop's timers ({@link org.iomodels.server.Conn#callLater}): a heap by due time, timers
 * due together in the order they were made. The loop's thread only. A turn runs the timers that
 * were due when it began and no others, so a task that schedules another with no delay lets the
 * loop wait and dispatch first.
 */
final class LoopTimers {
    private record Timer(long at, long seq, Runnable task) {}

    private final PriorityQueue<Timer> heap = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at - b.at, 0) : Long.compare(a.seq, b.seq));
    private long seq;

    void add(long atNanos, Runnable task) {
        heap.add(new Timer(atNanos, seq++, task));
    }

    /** Nanos until the next timer is due (0 if one is), or Long.MAX_VALUE if there is none. */
    long nanosUntilNext(long now) {
        Timer t = heap.peek();
        return t == null ? Long.MAX_VALUE : Math.max(0, t.at - now);
    }

    /** Runs the timers due at {@code now} that existed when it was called; a task that throws is logged by {@code log}. */
    void runDue(long now, java.util.function.Consumer<RuntimeException> log) {
        long last = seq;
        for (Timer t; (t = heap.peek()) != null && t.at - now <= 0 && t.seq < last; ) {
            heap.poll();
            try {
                t.task.run();
            } catch (RuntimeException e) {
                log.accept(e);
            }
        }
    }

    void clear() {
        heap.clear();
    }
}
