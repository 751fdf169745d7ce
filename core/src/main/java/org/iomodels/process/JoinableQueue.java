package org.iomodels.process;

import java.io.IOException;
import java.io.Serial;
import java.lang.foreign.MemorySegment;

/**
 * Python's {@code multiprocessing.JoinableQueue}: a {@link Queue} that counts the items put and
 * not yet marked done; {@link #taskDone} marks one, {@link #join} waits until none is left.
 */
public class JoinableQueue extends Queue {
    @Serial
    private static final long serialVersionUID = 1L;

    public JoinableQueue() throws IOException {
        super();
    }

    public JoinableQueue(int maxsize) throws IOException {
        super(maxsize);
    }

    @Override
    void onPut(MemorySegment m) {
        FutexLock.INT.getAndAdd(m, UNFINISHED, 1);
    }

    /** One item got earlier is done. More calls than items is an error, as Python's ValueError. */
    public void taskDone() throws IOException {
        MemorySegment m = block.memory;
        lock();
        try {
            int left = (int) FutexLock.INT.get(m, UNFINISHED);
            if (left <= 0) {
                throw new IllegalStateException("taskDone() called more times than there were items");
            }
            FutexLock.INT.set(m, UNFINISHED, left - 1);
            if (left == 1) {
                FutexLock.signalAll(m, ALL_DONE, DONE_WAITERS);
            }
        } finally {
            FutexLock.unlock(m, LOCK);
        }
    }

    /** Waits until every item put has been marked done, at most {@code timeoutSeconds} (negative: no limit); true if so. */
    public boolean join(double timeoutSeconds) throws IOException {
        MemorySegment m = block.memory;
        long deadline = FutexLock.deadline(true, timeoutSeconds);
        lock();
        try {
            while ((int) FutexLock.INT.get(m, UNFINISHED) > 0) {
                try {
                    waitFor(ALL_DONE, DONE_WAITERS, deadline, () -> new Empty("not done in time"));
                } catch (Empty e) {
                    return false;
                }
            }
            return true;
        } finally {
            FutexLock.unlock(m, LOCK);
        }
    }

    public void join() throws IOException {
        join(-1);
    }
}
