package org.iomodels.process;

import java.io.IOException;

/** A lock a {@link Condition} can be built on: {@link Lock} or {@link RLock}. */
public interface SyncLock {
    void acquire() throws IOException;

    boolean acquire(boolean block, double timeoutSeconds) throws IOException;

    void release() throws IOException;

    /** Releases it wholly for a {@link Condition}'s wait; what {@link #restore} takes back. */
    default int releaseForWait() throws IOException {
        release();
        return 1;
    }

    default void restore(int saved) throws IOException {
        acquire();
    }
}
