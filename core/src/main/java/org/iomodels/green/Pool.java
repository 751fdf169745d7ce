package org.iomodels.green;

/**
 * gevent's {@code Pool}: a {@link Group} of at most {@code size} greenlets. A spawn while it is
 * full waits for a member to finish; so do {@code map} and {@code imap}, which therefore keep at
 * most {@code size} items in progress however long the input.
 */
public class Pool extends Group {
    private final int size;
    private final Semaphore slots;

    public Pool(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool needs a size of at least 1, not " + size);
        }
        this.size = size;
        this.slots = new Semaphore(size);
    }

    public int poolSize() {
        return size;
    }

    /** Places left now. */
    public int freeCount() {
        return slots.counter();
    }

    public boolean full() {
        return slots.locked();
    }

    /** Waits until a place is free, at most {@code timeoutSeconds}; returns the places free then. */
    public int waitAvailable(double timeoutSeconds) {
        if (slots.acquire(true, timeoutSeconds)) {
            slots.release();
        }
        return freeCount();
    }

    @Override
    void beforeSpawn() {
        slots.acquire();
    }

    @Override
    void afterLeave() {
        slots.release();
    }
}
