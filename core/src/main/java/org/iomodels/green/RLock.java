package org.iomodels.green;

/**
 * gevent's {@code RLock}: a lock the greenlet holding it may acquire again; it is free once
 * released as many times. Only the owner may release it.
 */
public final class RLock {
    private final Semaphore block = new Semaphore(1);
    private Greenlet owner;
    private int count;

    public void acquire() {
        acquire(true, Double.POSITIVE_INFINITY);
    }

    public boolean acquire(boolean blocking, double timeoutSeconds) {
        Greenlet me = Greenlet.current();
        if (owner == me) {
            count++;
            return true;
        }
        if (!block.acquire(blocking, timeoutSeconds)) {
            return false;
        }
        owner = me;
        count = 1;
        return true;
    }

    public void release() {
        if (owner != Greenlet.current()) {
            throw new IllegalStateException("cannot release an RLock not held by " + Greenlet.current().name()
                    + (owner == null ? " (it is not held)" : " (" + owner.name() + " holds it)"));
        }
        if (--count == 0) {
            owner = null;
            block.release();
        }
    }

    public boolean locked() {
        return owner != null;
    }

    /** Acquires, and returns what releases at the end of a try-with-resources. */
    public Semaphore.Held acquired() {
        acquire();
        return this::release;
    }
}
