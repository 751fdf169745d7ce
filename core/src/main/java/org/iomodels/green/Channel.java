package org.iomodels.green;

import java.util.ArrayDeque;

/**
 * gevent's {@code Channel}: a queue of size zero, a rendezvous. {@link #put} waits until a getter
 * has taken the item; {@link #get} waits until a putter hands one over. An item changes hands
 * only inside a running getter, so nothing is lost when either side leaves early (a timeout, a
 * kill): a putter that leaves takes its item back, a getter that leaves takes nothing.
 *
 * @param <T> the items' type
 */
public final class Channel<T> {
    private final Hub hub = Hub.get();
    private final ArrayDeque<Offer<T>> putters = new ArrayDeque<>();
    private final ArrayDeque<Waiter> getters = new ArrayDeque<>();

    /** A waiting putter and its item; {@code taken} once a getter has it. */
    private static final class Offer<T> {
        final Waiter waiter;
        final T item;
        boolean taken;

        Offer(Waiter waiter, T item) {
            this.waiter = waiter;
            this.item = item;
        }
    }

    /** Hands {@code item} to a getter, waiting for one as long as it takes. */
    public void put(T item) {
        put(item, true, Double.POSITIVE_INFINITY);
    }

    /**
     * Hands {@code item} to a getter: with {@code block}, waiting at most {@code timeoutSeconds}
     * for one to take it, else {@link SimpleQueue.Full}; without, only if a getter waits now.
     */
    public void put(T item, boolean block, double timeoutSeconds) {
        if (!block && getters.isEmpty()) {
            throw new SimpleQueue.Full("no getter is waiting on the channel");
        }
        Timeout t = new Timeout(block ? timeoutSeconds : 0).start(); // not blocking: the getter waiting now, or none
        Offer<T> me = new Offer<>(new Waiter(hub), item);
        putters.add(me);
        wakeGetter();
        try {
            me.waiter.get("Channel.put()");
        } catch (Timeout e) {
            if (!me.taken && e == t) {
                throw new SimpleQueue.Full(block ? "no getter came within " + timeoutSeconds + " s"
                        : "the getter waiting on the channel left before taking the item");
            }
            if (e != t) {
                throw e; // the caller's own deadline: raised, though the item may have gone (it is not lost)
            }
        } finally {
            t.cancel();
            putters.remove(me);
        }
    }

    /** Takes an item from a putter, waiting for one as long as it takes. */
    public T get() {
        return get(true, Double.POSITIVE_INFINITY);
    }

    /** Takes an item: from a putter waiting now, or with {@code block} one within {@code timeoutSeconds}, else {@link SimpleQueue.Empty}. */
    public T get(boolean block, double timeoutSeconds) {
        Timeout t = null;
        try {
            for (;;) {
                Offer<T> putter = putters.poll();
                if (putter != null) {
                    putter.taken = true;
                    hub.callSoon(() -> putter.waiter.switchTo(null));
                    return putter.item;
                }
                if (!block) {
                    throw new SimpleQueue.Empty("no putter is waiting on the channel");
                }
                if (t == null) {
                    t = new Timeout(timeoutSeconds).start();
                }
                if (!awaitPutter(t)) {
                    throw new SimpleQueue.Empty("no putter came within " + timeoutSeconds + " s");
                }
            }
        } finally {
            if (t != null) {
                t.cancel();
            }
        }
    }

    /** Putters waiting minus getters waiting, as gevent's {@code balance}. */
    public int balance() {
        return putters.size() - getters.size();
    }

    private boolean awaitPutter(Timeout t) {
        Waiter w = new Waiter(hub);
        getters.add(w);
        boolean resumed = false;
        try {
            w.get("Channel.get()");
            resumed = true;
            return true;
        } catch (Timeout e) {
            if (e != t) {
                throw e;
            }
            return false;
        } finally {
            if (!getters.remove(w) && !resumed) {
                wakeGetter(); // woken, but leaving: the next getter looks at the putters
            }
        }
    }

    private void wakeGetter() {
        Waiter g = getters.poll();
        if (g != null) {
            hub.callSoon(() -> g.switchTo(null));
        }
    }
}
