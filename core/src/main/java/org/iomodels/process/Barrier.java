package org.iomodels.process;

import java.io.IOException;
import java.io.Serial;
import java.util.concurrent.BrokenBarrierException;

/**
 * Python's {@code multiprocessing.Barrier}: {@code parties} waiters in any processes meet;
 * {@link #await} returns each its arrival index (0 to parties - 1) once the last comes. A wait that
 * times out breaks the barrier for everyone waiting ({@link BrokenBarrierException}), as does
 * {@link #abort}; {@link #reset} makes it whole again once nobody waits.
 */
public final class Barrier extends SharedObject {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long COUNT = 8;
    private static final long GENERATION = 12;
    private static final long BROKEN = 16;
    private static final long PARTIES = 20;
    private static final long SEQ = 24;
    private static final long WAITERS = 28;

    public Barrier(int parties) throws IOException {
        super("barrier", 64);
        if (parties < 1) {
            throw new IllegalArgumentException("a barrier needs 1 party or more, not " + parties);
        }
        setInt(PARTIES, parties);
    }

    public int await() throws IOException, BrokenBarrierException {
        return await(-1);
    }

    /** Waits for the others at most {@code timeoutSeconds} (negative: no limit); this party's arrival index. */
    public int await(double timeoutSeconds) throws IOException, BrokenBarrierException {
        long deadline = FutexLock.deadline(true, timeoutSeconds);
        lock();
        try {
            if (getInt(BROKEN) != 0) {
                throw new BrokenBarrierException("the barrier is broken");
            }
            int generation = getInt(GENERATION);
            int index = getInt(COUNT);
            if (index + 1 == getInt(PARTIES)) {
                setInt(COUNT, 0);
                setInt(GENERATION, generation + 1);
                signal(SEQ, WAITERS);
                return index;
            }
            setInt(COUNT, index + 1);
            while (getInt(GENERATION) == generation && getInt(BROKEN) == 0) {
                if (!await(SEQ, WAITERS, deadline)) {
                    setInt(BROKEN, 1);
                    signal(SEQ, WAITERS);
                    throw new BrokenBarrierException("timed out after " + timeoutSeconds + " s with " + (getInt(COUNT))
                            + " of " + getInt(PARTIES) + " parties: the barrier is broken");
                }
            }
            if (getInt(GENERATION) == generation) {
                throw new BrokenBarrierException("the barrier was broken while this party waited");
            }
            return index;
        } finally {
            unlock();
        }
    }

    /** Breaks the barrier: who waits, and who comes, gets BrokenBarrierException until {@link #reset}. */
    public void abort() throws IOException {
        lock();
        try {
            setInt(BROKEN, 1);
            signal(SEQ, WAITERS);
        } finally {
            unlock();
        }
    }

    /** Makes a broken barrier whole, with nobody waiting; refused while parties wait. */
    public void reset() throws IOException {
        lock();
        try {
            if (getInt(BROKEN) == 0 && getInt(COUNT) > 0) {
                throw new IllegalStateException(getInt(COUNT) + " parties wait: abort() first");
            }
            setInt(COUNT, 0);
            setInt(BROKEN, 0);
        } finally {
            unlock();
        }
    }

    public int parties() {
        return getInt(PARTIES);
    }

    public int nWaiting() {
        return getInt(COUNT);
    }

    public boolean broken() {
        return getInt(BROKEN) != 0;
    }
}
