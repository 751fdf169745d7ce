package org.iomodels.green;

import java.util.ArrayList;
import java.util.List;

/**
 * gevent's {@code Event}: a flag greenlets wait for. {@link #set} wakes every waiter (on the
 * hub's next turn, not inside the caller); {@link #waitFor} returns at once while it is set.
 */
public final class Event {
    private final Hub hub = Hub.get();
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean flag;

    public boolean isSet() {
        return flag;
    }

    /** Sets the flag and wakes every greenlet waiting for it. */
    public void set() {
        flag = true;
        if (!waiters.isEmpty()) {
            List<Waiter> now = new ArrayList<>(waiters);
            waiters.clear();
            hub.callSoon(() -> now.forEach(w -> w.switchTo(Boolean.TRUE)));
        }
    }

    public void clear() {
        flag = false;
    }

    /** Waits until set; returns the flag (true). */
    public boolean waitFor() {
        return waitFor(Double.POSITIVE_INFINITY);
    }

    /** Waits until set or {@code timeoutSeconds} pass; returns the flag then (gevent's {@code wait}). */
    public boolean waitFor(double timeoutSeconds) {
        if (flag) {
            return true;
        }
        Waiter w = new Waiter(hub);
        waiters.add(w);
        try {
            Object woken = w.getWithin(timeoutSeconds, "Event.wait()");
            return woken == Waiter.TIMED_OUT ? flag : woken == Boolean.TRUE; // set woke it, even if cleared since (Python issue 13502)
        } finally {
            waiters.remove(w);
        }
    }
}
