package org.iomodels.green;

/**
 * The greenlets parked on a hub now, in the order they parked, each with what it waits on: what a
 * {@link LoopExit} names. Linked through the greenlets themselves, so a park costs no allocation.
 */
final class Parked {
    private Greenlet first;
    private Greenlet last;

    /** Whether any greenlet is parked now (read by the blocking monitor, racily: a hint). */
    boolean any() {
        return first != null;
    }

    void add(Greenlet g, String what) {
        g.waitingOn = what;
        g.waitPrev = last;
        if (last != null) {
            last.waitNext = g;
        } else {
            first = g;
        }
        last = g;
    }

    void remove(Greenlet g) {
        if (g.waitPrev != null) {
            g.waitPrev.waitNext = g.waitNext;
        } else {
            first = g.waitNext;
        }
        if (g.waitNext != null) {
            g.waitNext.waitPrev = g.waitPrev;
        } else {
            last = g.waitPrev;
        }
        g.waitingOn = null;
        g.waitPrev = null;
        g.waitNext = null;
    }

    /** A {@link LoopExit}'s message: what {@code root} waits on, then every other wait. */
    String blockedForever(Greenlet root) {
        return (root.waitingOn != null ? root.waitingOn : "the hub") + " would block forever: every greenlet waits and"
                + " nothing can wake one (no callback queued, no timer, no watched descriptor, no other thread's call due)"
                + others(root);
    }

    /** {@code "; also waiting: a on Event.wait(), b on Queue.get()"} for every parked greenlet but {@code except}, or "". */
    private String others(Greenlet except) {
        StringBuilder m = new StringBuilder();
        String sep = "; also waiting: ";
        for (Greenlet w = first; w != null; w = w.waitNext) {
            if (w != except) {
                m.append(sep).append(w.name()).append(" on ").append(w.waitingOn);
                sep = ", ";
            }
        }
        return m.toString();
    }
}
