package org.iomodels.process;

import java.io.IOException;
import java.io.Serial;
import java.util.function.BooleanSupplier;

/**
 * Python's {@code multiprocessing.Condition}: waiting for a change another process announces,
 * over a {@link SyncLock} (an {@link RLock} unless given). {@link #await} lets the lock go, waits
 * for a notify, takes the lock back. A notify may wake more waiters than it names (they spin a
 * little before they sleep): check what you wait for, as {@link #waitFor(BooleanSupplier, double)} does.
 */
public final class Condition extends SharedObject {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long SEQ = 8;
    private static final long WAITERS = 12;

    private final SyncLock lock;

    public Condition() throws IOException {
        this(new RLock());
    }

    public Condition(SyncLock lock) throws IOException {
        super("condition", 64);
        this.lock = java.util.Objects.requireNonNull(lock, "lock");
    }

    public SyncLock getLock() {
        return lock;
    }

    /** Takes the condition's lock (Python's {@code with cond:}). */
    public void acquire() throws IOException {
        lock.acquire();
    }

    public void release() throws IOException {
        lock.release();
    }

    /** With the lock held: lets it go, waits for a notify at most {@code timeoutSeconds} (negative: no limit), takes it back; false at the timeout. */
    public boolean await(double timeoutSeconds) throws IOException {
        long deadline = FutexLock.deadline(true, timeoutSeconds);
        lock();
        int seq = getInt(SEQ);
        FutexLock.INT.getAndAdd(memory(), WAITERS, 1);
        unlock();
        int saved = lock.releaseForWait();
        try {
            while (getInt(SEQ) == seq && (deadline == Long.MAX_VALUE || deadline - System.nanoTime() > 0)) {
                FutexLock.await(memory(), SEQ, seq, deadline);
            }
            return getInt(SEQ) != seq;
        } finally {
            lock();
            FutexLock.INT.getAndAdd(memory(), WAITERS, -1);
            unlock();
            lock.restore(saved);
        }
    }

    /** With the lock held: waits until {@code predicate} holds, at most {@code timeoutSeconds}; the predicate's last value. */
    public boolean waitFor(BooleanSupplier predicate, double timeoutSeconds) throws IOException {
        long deadline = FutexLock.deadline(true, timeoutSeconds);
        while (!predicate.getAsBoolean()) {
            double left = deadline == Long.MAX_VALUE ? -1 : (deadline - System.nanoTime()) / 1e9;
            if (left == 0 || (left < 0 && deadline != Long.MAX_VALUE)) {
                return predicate.getAsBoolean();
            }
            await(left);
        }
        return true;
    }

    /** Wakes (at least) {@code n} waiters. With the lock held. */
    public void notify(int n) throws IOException {
        lock();
        try {
            FutexLock.INT.getAndAdd(memory(), SEQ, 1);
            if (getInt(WAITERS) > 0) {
                org.iomodels.sys.Shm.futexWake(memory().asSlice(SEQ, 4), n);
            }
        } finally {
            unlock();
        }
    }

    /** Wakes every waiter (Python's {@code notify_all}: {@code notifyAll} is Object's). With the lock held. */
    public void notifyAllWaiters() throws IOException {
        notify(Integer.MAX_VALUE);
    }
}
