package org.iomodels.process;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.iomodels.sys.Shm;

/**
 * A mutex for processes on two ints of shared memory (Drepper's futex mutex: 0 free, 1 held, 2
 * held with waiters; then the holder's pid). A waiter sleeps in {@code futex(2)} and looks every
 * {@link #CHECK_NANOS} whether the holder still lives: if its process has died holding the lock,
 * the waiter takes the lock over and says so on stderr (what the lock guarded may be half
 * updated), rather than waiting for ever as a POSIX mutex that is not robust would. Any thread of
 * any process may hold it, one at a time; it is not reentrant.
 */
final class FutexLock {
    static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    static final long CHECK_NANOS = 100_000_000L;
    static final int PID = (int) ProcessHandle.current().pid();
    private static final int LOCK_SPINS = 200;

    private FutexLock() {}

    /** Takes the lock at {@code off}, waiting until {@code deadline} (nanoTime; Long.MAX_VALUE: no limit); false at the deadline. */
    static boolean lock(MemorySegment m, long off, long deadline, String what) throws IOException {
        if (INT.compareAndSet(m, off, 0, 1)) {
            INT.setVolatile(m, off + 4, PID);
            return true;
        }
        for (int i = 0; i < LOCK_SPINS; i++) { // a holder on the other core lets go within a microsecond, mostly
            Thread.onSpinWait();
            if ((int) INT.getVolatile(m, off) == 0 && INT.compareAndSet(m, off, 0, 1)) {
                INT.setVolatile(m, off + 4, PID);
                return true;
            }
        }
        MemorySegment word = m.asSlice(off, 4);
        while (true) {
            if ((int) INT.getAndSet(m, off, 2) == 0) {
                INT.setVolatile(m, off + 4, PID);
                return true;
            }
            long left = deadline == Long.MAX_VALUE ? CHECK_NANOS : Math.min(CHECK_NANOS, deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            Shm.futexWait(word, 2, left);
            int owner = (int) INT.getVolatile(m, off + 4);
            if (owner != 0 && owner != PID && (int) INT.getVolatile(m, off) != 0 && !Shm.alive(owner)
                    && INT.compareAndSet(m, off + 4, owner, PID)) {
                INT.setVolatile(m, off, 2);
                System.err.println("iomodels: " + what + " was held by process " + owner + ", which died holding it; process "
                        + PID + " has taken it over (what it guarded may be half updated)");
                return true;
            }
        }
    }

    static void unlock(MemorySegment m, long off) throws IOException {
        INT.setVolatile(m, off + 4, 0);
        if ((int) INT.getAndSet(m, off, 0) == 2) {
            Shm.futexWake(m.asSlice(off, 4), 1);
        }
    }

    /** Spins this many times before sleeping: a producer on the other core usually moves the sequence within microseconds. */
    private static final int SPINS = 4000;

    /** Sleeps while the int at {@code off} is {@code seq}, at most until {@code deadline} (or {@link #CHECK_NANOS}: callers re-check). */
    static void await(MemorySegment m, long off, int seq, long deadline) throws IOException {
        for (int i = 0; i < SPINS; i++) {
            if ((int) INT.getVolatile(m, off) != seq) {
                return;
            }
            Thread.onSpinWait();
        }
        long left = deadline == Long.MAX_VALUE ? CHECK_NANOS : Math.min(CHECK_NANOS, deadline - System.nanoTime());
        if (left > 0) {
            Shm.futexWait(m.asSlice(off, 4), seq, left);
        }
    }

    /** Bumps the sequence at {@code off} and wakes its waiters, if {@code waiters} says there are any. */
    static void signalAll(MemorySegment m, long off, long waitersOff) throws IOException {
        INT.getAndAdd(m, off, 1);
        if ((int) INT.getVolatile(m, waitersOff) > 0) {
            Shm.futexWake(m.asSlice(off, 4), Integer.MAX_VALUE);
        }
    }

    static long deadline(boolean block, double timeoutSeconds) {
        if (!block) {
            return System.nanoTime();
        }
        if (timeoutSeconds < 0 || Double.isInfinite(timeoutSeconds)) {
            return Long.MAX_VALUE;
        }
        return System.nanoTime() + (long) Math.min(timeoutSeconds * 1e9, 1e18);
    }
}
