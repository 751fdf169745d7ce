package org.iomodels.process;

import java.io.IOException;
import java.io.Serial;

/**
 * Python's {@code multiprocessing.Semaphore}: a counter shared by processes; {@link #acquire}
 * takes one (waiting while it is 0), {@link #release} gives one back.
 */
public class Semaphore extends SharedObject {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long VALUE = 8;
    private static final long SEQ = 12;
    private static final long WAITERS = 16;
    private static final long BOUND = 20; // 0: unbounded

    public Semaphore() throws IOException {
        this(1);
    }

    public Semaphore(int value) throws IOException {
        this(value, 0);
    }

    Semaphore(int value, int bound) throws IOException {
        super("semaphore", 64);
        if (value < 0) {
            throw new IllegalArgumentException("a semaphore's initial value must be 0 or more, not " + value);
        }
        setInt(VALUE, value);
        setInt(BOUND, bound);
    }

    public void acquire() throws IOException {
        acquire(true, -1);
    }

    /** Takes one, waiting while {@code block}, at most {@code timeoutSeconds} (negative: no limit); false if none came. */
    public boolean acquire(boolean block, double timeoutSeconds) throws IOException {
        long deadline = FutexLock.deadline(block, timeoutSeconds);
        lock();
        try {
            while (getInt(VALUE) == 0) {
                if (!await(SEQ, WAITERS, deadline)) {
                    return false;
                }
            }
            setInt(VALUE, getInt(VALUE) - 1);
            return true;
        } finally {
            unlock();
        }
    }

    public void release() throws IOException {
        lock();
        try {
            int bound = getInt(BOUND);
            if (bound > 0 && getInt(VALUE) >= bound) {
                throw new IllegalStateException("BoundedSemaphore released too many times (its bound is " + bound + ")");
            }
            setInt(VALUE, getInt(VALUE) + 1);
            signal(SEQ, WAITERS);
        } finally {
            unlock();
        }
    }

    /** The count now (a moment's: others may take and give meanwhile). */
    public int getValue() {
        return getInt(VALUE);
    }
}
