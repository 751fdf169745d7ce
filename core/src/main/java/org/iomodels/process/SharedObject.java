package org.iomodels.process;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;

/**
 * What the shared objects have in common: a {@link SharedBlock} whose first 8 bytes are a
 * {@link FutexLock} guarding the rest, and the wait for a sequence word to move (the lock let go
 * meanwhile, taken again after), with the count of waiters that tells a signaller whether to wake
 * anyone. A subclass lays out its own words after the lock.
 */
abstract class SharedObject implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    static final long LOCK = 0; // and the holder's pid at 4

    final SharedBlock block;
    private final String what;

    SharedObject(String what, long size) throws IOException {
        this.block = SharedBlock.create("iomodels-" + what, size);
        this.what = what;
    }

    final MemorySegment memory() {
        return block.memory;
    }

    /** Takes the object's own lock, held for microseconds at a time (a dead holder's is taken over). */
    final void lock() throws IOException {
        if (!FutexLock.lock(block.memory, LOCK, Long.MAX_VALUE, "a " + what + "'s lock")) {
            throw new AssertionError("an untimed lock returned");
        }
    }

    final void unlock() throws IOException {
        FutexLock.unlock(block.memory, LOCK);
    }

    /**
     * Under the lock: waits for the sequence at {@code seqOff} to move, at most until
     * {@code deadline} (nanoTime; Long.MAX_VALUE: no limit), and comes back under the lock;
     * false if the deadline had passed (the caller re-checks its condition either way).
     */
    final boolean await(long seqOff, long waitersOff, long deadline) throws IOException {
        MemorySegment m = block.memory;
        if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
            return false;
        }
        int seq = (int) FutexLock.INT.getVolatile(m, seqOff);
        FutexLock.INT.getAndAdd(m, waitersOff, 1);
        unlock();
        try {
            FutexLock.await(m, seqOff, seq, deadline);
        } finally {
            lock();
            FutexLock.INT.getAndAdd(m, waitersOff, -1);
        }
        return true;
    }

    /** Under the lock: moves the sequence at {@code seqOff} and wakes its waiters. */
    final void signal(long seqOff, long waitersOff) throws IOException {
        FutexLock.signalAll(block.memory, seqOff, waitersOff);
    }

    final int getInt(long off) {
        return (int) FutexLock.INT.getVolatile(block.memory, off);
    }

    final void setInt(long off, int v) {
        FutexLock.INT.setVolatile(block.memory, off, v);
    }
}
