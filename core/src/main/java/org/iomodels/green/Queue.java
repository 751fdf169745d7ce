package org.iomodels.green;

/**
 * gevent's {@code Queue} (a {@code JoinableQueue}): a {@link SimpleQueue} that also counts
 * unfinished tasks. Each {@link #put} adds one; a consumer calls {@link #taskDone} once it has
 * dealt with an item it got, and {@link #join} waits until every item put has been dealt with.
 *
 * @param <T> the items' type
 */
public class Queue<T> extends SimpleQueue<T> {
    private int unfinished;
    private final Event allDone = new Event();

    public Queue() {
        this(0);
    }

    public Queue(int maxsize) {
        super(maxsize);
        allDone.set();
    }

    @Override
    void onPut() {
        unfinished++;
        allDone.clear();
    }

    /** One item got earlier is dealt with; more calls than items put is an error. */
    public void taskDone() {
        if (unfinished <= 0) {
            throw new IllegalStateException("taskDone() called more times than there were items put");
        }
        if (--unfinished == 0) {
            allDone.set();
        }
    }

    /** Items put and not yet marked done. */
    public int unfinishedTasks() {
        return unfinished;
    }

    /** Waits until every item put has been marked done; false if {@code timeoutSeconds} passed first. */
    public boolean join(double timeoutSeconds) {
        return allDone.waitFor(timeoutSeconds);
    }

    public void join() {
        join(Double.POSITIVE_INFINITY);
    }
}
