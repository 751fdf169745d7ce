package org.iomodels.green;

import java.util.ArrayDeque;

/**
 * gevent's {@code Semaphore}: a counter greenlets acquire and release; an acquire with nothing
 * left waits, first come first served, and a release hands its permit straight to the first waiter.
 * Use it with try-with-resources through {@link #acquired()}.
 */
public class Semaphore {
    private final Hub hub = Hub.get();
    private final ArrayDeque<Ticket> waiters = new ArrayDeque<>();
    private int counter;
    private int inFlight; // permits a release handed to a waiter that has not resumed yet

    /** What a try-with-resources releases: close() throws nothing. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** One waiting acquire: granted once a release hands it a permit. */
    private static final class Ticket {
        final Waiter waiter;
        boolean granted;

        Ticket(Waiter waiter) {
            this.waiter = waiter;
        }
    }

    public Semaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("a semaphore's value cannot be negative, not " + value);
        }
        counter = value;
    }

    /** Permits left now. */
    public int counter() {
        return counter;
    }

    /** Whether an acquire would wait. */
    public boolean locked() {
        return counter == 0;
    }

    /** Takes a permit, waiting as long as it takes. */
    public void acquire() {
        acquire(true, Double.POSITIVE_INFINITY);
    }

    /** Takes a permit: at once, or with {@code blocking} waiting at most {@code timeoutSeconds}; whether it got one. */
    public boolean acquire(boolean blocking, double timeoutSeconds) {
        if (counter > 0 && waiters.isEmpty()) {
            counter--;
            return true;
        }
        if (!blocking) {
            return false;
        }
        Timeout t = new Timeout(timeoutSeconds).start(); // before queueing: a start refused leaves no ticket behind
        Ticket ticket = new Ticket(new Waiter(hub));
        waiters.add(ticket);
        try {
            ticket.waiter.get(getClass().getSimpleName() + ".acquire()");
            inFlight--;
            return true;
        } catch (Timeout e) {
            if (ticket.granted) {
                inFlight--;
                if (e == t) {
                    return true; // the permit came in the same turn as the timeout: keep it
                }
                release();
            }
            if (e != t) {
                throw e;
            }
            return false;
        } catch (RuntimeException | Error e) {
            if (ticket.granted) {
                inFlight--;
                release(); // killed while its permit was on the way: pass it on
            }
            throw e;
        } finally {
            t.cancel();
            waiters.remove(ticket);
        }
    }

    /** Gives a permit back: to the first waiter, or to the counter. */
    public void release() {
        beforeRelease(counter + inFlight, waiters.size());
        Ticket next = waiters.poll();
        if (next == null) {
            counter++;
            return;
        }
        next.granted = true;
        inFlight++;
        hub.callSoon(() -> next.waiter.switchTo(null));
    }

    /** A check before each release, of the permits out of the waiters' reach (counter and in flight) and the waiters: none here. */
    void beforeRelease(int counterNow, int waiting) {}

    /** Acquires, and returns what releases at the end of a try-with-resources. */
    public Held acquired() {
        acquire();
        return this::release;
    }
}
