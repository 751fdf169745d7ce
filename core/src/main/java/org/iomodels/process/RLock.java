package org.iomodels.process;

import java.io.IOException;
import java.io.Serial;

/**
 * Python's {@code multiprocessing.RLock}: a lock the thread that holds it may take again, released
 * as many times; only its holder (that thread of that process) may release it. A process that
 * dies holding it is handled as a {@link Lock}'s holder is.
 */
public final class RLock extends SharedObject implements SyncLock {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long THREAD = 8; // the holding thread's id, in the holding process (at 4)
    private static final long COUNT = 16;

    public RLock() throws IOException {
        super("rlock", 64);
    }

    @Override
    public void acquire() throws IOException {
        acquire(true, -1);
    }

    @Override
    public boolean acquire(boolean block, double timeoutSeconds) throws IOException {
        if (heldHere()) {
            setInt(COUNT, getInt(COUNT) + 1);
            return true;
        }
        if (!FutexLock.lock(memory(), LOCK, FutexLock.deadline(block, timeoutSeconds), "an RLock")) {
            return false;
        }
        FutexLock.LONG.setVolatile(memory(), THREAD, Thread.currentThread().threadId());
        setInt(COUNT, 1);
        return true;
    }

    @Override
    public void release() throws IOException {
        if (!heldHere()) {
            throw new IllegalStateException("release of an RLock this thread does not hold");
        }
        int count = getInt(COUNT) - 1;
        setInt(COUNT, count);
        if (count == 0) {
            FutexLock.LONG.setVolatile(memory(), THREAD, 0L);
            unlock();
        }
    }

    @Override
    public int releaseForWait() throws IOException {
        if (!heldHere()) {
            throw new IllegalStateException("a Condition's wait needs its RLock held by this thread");
        }
        int count = getInt(COUNT);
        setInt(COUNT, 1);
        release();
        return count;
    }

    @Override
    public void restore(int saved) throws IOException {
        acquire();
        setInt(COUNT, saved);
    }

    private boolean heldHere() {
        return getInt(LOCK) != 0 && getInt(4) == FutexLock.PID
                && (long) FutexLock.LONG.getVolatile(memory(), THREAD) == Thread.currentThread().threadId();
    }
}
