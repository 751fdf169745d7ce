package org.iomodels.green;

import java.util.ArrayDeque;

/**
 * gevent's {@code Channel}: a queue of size zero, a rendezvous. {@link #put} waits until a getter
 * has taken the item; {@link #get} waits until a putter hands one over.
 *
 * @param <T> the items' type
 */
public final class Channel<T> {
    private final Hub hub = Hub.get();
    private final ArrayDeque<Offer<T>> putters = new ArrayDeque<>();
    private final ArrayDeque<Offer<T>> getters = new ArrayDeque<>();

    /** A putter with its item, or a getter waiting for one. */
    private static final class Offer<T> {
        final Waiter waiter;
        T item;
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

    /** Hands {@code item} to a getter: one waiting now, or with {@code block} one within {@code timeoutSeconds}, else {@link SimpleQueue.Full}. */
    public void put(T item, boolean block, double timeoutSeconds) {
        Offer<T> getter = getters.poll();
        if (getter != null) {
            getter.item = item;
            getter.taken = true;
            hub.callSoon(() -> getter.waiter.switchTo(null));
            return;
        }
        if (!block) {
            throw new SimpleQueue.Full("no getter is waiting on the channel");
        }
        Offer<T> me = new Offer<>(new Waiter(hub), item);
        putters.add(me);
        if (!await(me, timeoutSeconds, "Channel.put()")) {
            throw new SimpleQueue.Full("no getter came within " + timeoutSeconds + " s");
        }
    }

    /** Takes an item from a putter, waiting for one as long as it takes. */
    public T get() {
        return get(true, Double.POSITIVE_INFINITY);
    }

    /** Takes an item: from a putter waiting now, or with {@code block} one within {@code timeoutSeconds}, else {@link SimpleQueue.Empty}. */
    public T get(boolean block, double timeoutSeconds) {
        Offer<T> putter = putters.poll();
        if (putter != null) {
            putter.taken = true;
            hub.callSoon(() -> putter.waiter.switchTo(null));
            return putter.item;
        }
        if (!block) {
            throw new SimpleQueue.Empty("no putter is waiting on the channel");
        }
        Offer<T> me = new Offer<>(new Waiter(hub), null);
        getters.add(me);
        if (!await(me, timeoutSeconds, "Channel.get()")) {
            throw new SimpleQueue.Empty("no putter came within " + timeoutSeconds + " s");
        }
        return me.item;
    }

    /** Putters waiting minus getters waiting, as gevent's {@code balance}. */
    public int balance() {
        return putters.size() - getters.size();
    }

    private boolean await(Offer<T> me, double timeoutSeconds, String what) {
        Timeout t = new Timeout(timeoutSeconds).start();
        try {
            me.waiter.get(what);
            return true;
        } catch (Timeout e) {
            if (me.taken) {
                return true; // the other side came in the same turn: the exchange happened
            }
            if (e != t) {
                throw e;
            }
            return false;
        } finally {
            t.cancel();
            putters.remove(me);
            getters.remove(me);
        }
    }
}
