package org.iomodels.process.manager;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;

/**
 * Python's {@code Barrier}: {@code wait} returns the arrival index (0 for the first); a timeout,
 * {@code abort}, or a party whose client went away while it waited breaks it for every party of
 * that round ({@link BrokenBarrierException}) until {@code reset}, which also breaks the round
 * that was waiting. Each round is a {@link Round}, so a party woken late knows how its round ended.
 */
final class BarrierServant implements Servant {
    private final int parties;
    private Round current = new Round();

    /** One round of the barrier: who arrived, and whether it passed or broke. */
    private static final class Round {
        int arrived;
        boolean passed;
        boolean broken;
    }

    BarrierServant(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("a barrier's parties are 1 or more, not " + parties);
        }
        this.parties = parties;
    }

    @Override
    public String typeId() {
        return Servants.BARRIER;
    }

    @Override
    public Object call(String m, Object[] a, Session s) throws Exception {
        switch (m) {
            case "wait" -> {
                return await(SyncServants.timeout(a, 0), s);
            }
            case "abort" -> {
                synchronized (this) {
                    breakRound(current);
                }
                return null;
            }
            case "reset" -> {
                synchronized (this) {
                    if (current.arrived > 0) {
                        breakRound(current);
                    }
                    current = new Round();
                }
                return null;
            }
            case "parties" -> {
                return parties;
            }
            case "nWaiting" -> {
                synchronized (this) {
                    return current.arrived;
                }
            }
            case "broken" -> {
                synchronized (this) {
                    return current.broken;
                }
            }
            default -> throw Servant.noMethod(typeId(), m, a.length);
        }
    }

    private int await(double timeout, Session s) throws Exception {
        Round round;
        int index;
        synchronized (this) {
            round = current;
            if (round.broken) {
                throw new BrokenBarrierException("the barrier is broken (reset it to use it again)");
            }
            index = round.arrived++;
            if (round.arrived == parties) {
                round.passed = true;
                current = new Round();
                notifyAll();
                return index;
            }
        }
        boolean done;
        try {
            done = s.await(timeout, n -> {
                synchronized (this) {
                    if (!round.passed && !round.broken && n > 0) {
                        TimeUnit.NANOSECONDS.timedWait(this, n);
                    }
                    return round.passed || round.broken;
                }
            });
        } catch (Session.ClientGone e) {
            synchronized (this) {
                breakRound(round); // a party that will never come back: the others must not wait for it
            }
            throw e;
        }
        synchronized (this) {
            if (!done) {
                breakRound(round);
                throw new BrokenBarrierException("the barrier's wait timed out after " + timeout + " s: it is broken");
            }
            if (!round.passed) {
                throw new BrokenBarrierException("the barrier was broken while this party waited");
            }
            return index;
        }
    }

    private void breakRound(Round r) {
        if (!r.passed) {
            r.broken = true;
            notifyAll();
        }
    }
}
