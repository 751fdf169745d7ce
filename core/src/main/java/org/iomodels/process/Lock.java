package org.iomodels.process;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;

/**
 * Python's {@code multiprocessing.Lock}: a mutex for the threads of every process it is passed to,
 * on shared memory ({@link FutexLock}); {@link #acquire} with or without a timeout,
 * {@link #release}, or try-with-resources on {@link #hold}. A process that dies holding it does not
 * wedge the others: the next acquirer takes it over (within 0.1 s) and says so on stderr.
 */
public final class Lock implements Serializable, SyncLock {
    @Serial
    private static final long serialVersionUID = 1L;

    private final SharedBlock block;

    public Lock() throws IOException {
        this.block = SharedBlock.create("iomodels-lock", 64);
    }

    /** The lock at the start of {@code block} (a shared value's own). */
    Lock(SharedBlock block) {
        this.block = block;
    }

    @Override
    public void acquire() throws IOException {
        FutexLock.lock(block.memory, 0, Long.MAX_VALUE, "a Lock");
    }

    /** Takes the lock, waiting while {@code block}, at most {@code timeoutSeconds} (negative: no limit); true if taken. */
    @Override
    public boolean acquire(boolean block, double timeoutSeconds) throws IOException {
        return FutexLock.lock(this.block.memory, 0, FutexLock.deadline(block, timeoutSeconds), "a Lock");
    }

    /** Releases it; releasing a lock nobody holds is an error, as Python's ValueError. */
    @Override
    public void release() throws IOException {
        if ((int) FutexLock.INT.getVolatile(block.memory, 0) == 0) {
            throw new IllegalStateException("release of an unlocked Lock");
        }
        FutexLock.unlock(block.memory, 0);
    }

    /** Acquires, for try-with-resources: {@code try (var held = lock.hold()) { ... }}. */
    public AutoCloseable hold() throws IOException {
        acquire();
        return this::release;
    }

    /** Whether some thread of some process holds it now. */
    public boolean locked() {
        return (int) FutexLock.INT.getVolatile(block.memory, 0) != 0;
    }
}
