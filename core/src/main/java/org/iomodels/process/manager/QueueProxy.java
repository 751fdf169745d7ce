package org.iomodels.process.manager;

import java.io.Serial;
import org.iomodels.process.Queue;

/**
 * Python's queue proxy: a manager's {@code queue} or {@code joinableQueue}, with the process
 * {@link Queue}'s methods ({@code put}, {@code get}, their timeouts in seconds, {@link Queue.Empty}
 * and {@link Queue.Full}); a joinable one adds {@link #taskDone} and {@link #join}. Unlike a
 * process queue it lives in the manager, so a remote client can use it; a reader that dies while
 * it waits takes no item.
 */
public final class QueueProxy extends BaseProxy {
    @Serial
    private static final long serialVersionUID = 1L;

    QueueProxy(Ref ref) {
        super(ref);
    }

    public void put(Object item) {
        ref.call("put", item);
    }

    public void put(Object item, boolean block, double timeoutSeconds) {
        ref.call("put", item, block, timeoutSeconds);
    }

    public void putNowait(Object item) {
        put(item, false, 0);
    }

    public Object get() {
        return ref.call("get");
    }

    public Object get(boolean block, double timeoutSeconds) {
        return ref.call("get", block, timeoutSeconds);
    }

    public Object getNowait() {
        return get(false, 0);
    }

    public int qsize() {
        return ref.integer("qsize");
    }

    public boolean empty() {
        return ref.bool("empty");
    }

    public boolean full() {
        return ref.bool("full");
    }

    /** A joinable queue's: one item got earlier is done. */
    public void taskDone() {
        ref.call("taskDone");
    }

    /** A joinable queue's: waits until every item put is done. */
    public void join() {
        ref.call("join");
    }

    /** Waits at most {@code timeoutSeconds}; true if every item put is done. */
    public boolean join(double timeoutSeconds) {
        return ref.bool("join", timeoutSeconds);
    }
}
