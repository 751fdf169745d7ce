package org.iomodels.green;

/**
 * One wake-up of one greenlet, gevent's {@code Waiter}: the waiting side calls {@link #get},
 * which parks on the hub; a hub callback calls {@link #switchTo} or {@link #throwInto}. A wake-up
 * that comes first is kept for the {@code get}; one that comes after the waiter gave up (a
 * timeout) is dropped, so a greenlet is never resumed by a wait it is no longer in. The switch
 * carries the waiter itself, so a switch from anything else into a waiting greenlet (a finished
 * child greenlet returning to it) is refused, not taken for the wake-up (gevent's InvalidSwitchError).
 */
final class Waiter implements Runnable {
    private final Hub hub;
    private Greenlet greenlet;
    private boolean woken;
    private Object value;
    private Throwable error;

    Waiter(Hub hub) {
        this.hub = hub;
    }

    /** From the hub: resumes the waiting greenlet with {@code v}, or keeps it for a get to come. */
    void switchTo(Object v) {
        Greenlet g = greenlet;
        if (g != null) {
            greenlet = null;
            value = v;
            g.switchTo(this);
        } else if (!woken) {
            woken = true;
            value = v;
        }
    }

    /** From the hub, as a descriptor's watcher: resumes the waiting greenlet with null. */
    @Override
    public void run() {
        switchTo(null);
    }

    /** From the hub: raises {@code e} in the waiting greenlet, or at the get to come. */
    void throwInto(Throwable e) {
        Greenlet g = greenlet;
        if (g != null) {
            greenlet = null;
            g.throwInto(e);
        } else if (!woken) {
            woken = true;
            error = e;
        }
    }

    /** What {@link #getWithin} returns when its own timeout passed. */
    static final Object TIMED_OUT = new Object();

    /**
     * As {@link #get}, giving up after {@code timeoutSeconds}: the wake-up's value, or
     * {@link #TIMED_OUT} when this wait's own timeout passed first; any other {@link Timeout} (the
     * caller's own deadline) is raised. The caller queues this waiter where a wake-up will find it
     * before calling, and removes it in a {@code finally}: a timeout refused (from the hub) then
     * leaves nothing behind.
     */
    Object getWithin(double timeoutSeconds, String what) {
        if (timeoutSeconds == Double.POSITIVE_INFINITY) {
            return get(what); // no timer to start or cancel
        }
        Timeout t = new Timeout(timeoutSeconds).start();
        try {
            return get(what);
        } catch (Timeout e) {
            if (e != t) {
                throw e;
            }
            return TIMED_OUT;
        } finally {
            t.cancel();
        }
    }

    /** Parks the current greenlet until woken; {@code what} names the wait (for {@link LoopExit}). */
    Object get(String what) {
        if (woken) {
            woken = false;
            if (error != null) {
                Throwable e = error;
                error = null;
                throw Sneaky.raise(e);
            }
            Object v = value;
            value = null;
            return v;
        }
        greenlet = Greenlet.current();
        Object got;
        try {
            got = hub.park(what);
        } finally {
            greenlet = null;
        }
        if (got != this) {
            throw new IllegalStateException(Greenlet.current().name() + " waiting on " + what
                    + " was switched to by something else (with " + got + "): only its wake-up may resume a waiting greenlet");
        }
        Object v = value;
        value = null;
        return v;
    }
}
