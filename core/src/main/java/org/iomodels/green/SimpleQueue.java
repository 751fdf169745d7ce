package org.iomodels.green;

import java.util.ArrayDeque;

/**
 * gevent's {@code SimpleQueue}: a FIFO queue for greenlets, unbounded or of at most {@code maxsize}
 * items. {@link #get} waits while it is empty and {@link #put} while it is full; with a timeout, or
 * not blocking, they raise {@link Empty} and {@link Full}. A woken waiter looks again (another
 * greenlet may have come first), so no item is lost or given twice. Subclasses change the order
 * ({@link LifoQueue}, {@link PriorityQueue}) or add task tracking ({@link Queue}).
 *
 * @param <T> the items' type
 */
public class SimpleQueue<T> {
    /** Raised by a get that found nothing: not blocking, or the timeout passed. */
    public static final class Empty extends RuntimeException {
        public Empty(String message) {
            super(message);
        }
    }

    /** Raised by a put that found no room: not blocking, or the timeout passed. */
    public static final class Full extends RuntimeException {
        public Full(String message) {
            super(message);
        }
    }

    final Hub hub = Hub.get();
    private final int maxsize;
    private final ArrayDeque<Waiter> getters = new ArrayDeque<>();
    private final ArrayDeque<Waiter> putters = new ArrayDeque<>();
    private final ArrayDeque<T> items = new ArrayDeque<>();

    /** An unbounded queue. */
    public SimpleQueue() {
        this(0);
    }

    /** A queue of at most {@code maxsize} items; 0 (or less) is unbounded. */
    public SimpleQueue(int maxsize) {
        this.maxsize = Math.max(0, maxsize);
    }

    public int maxsize() {
        return maxsize;
    }

    public int qsize() {
        return size();
    }

    public boolean empty() {
        return size() == 0;
    }

    public boolean full() {
        return maxsize > 0 && size() >= maxsize;
    }

    /** Puts {@code item}, waiting for room as long as it takes. */
    public void put(T item) {
        put(item, true, Double.POSITIVE_INFINITY);
    }

    /** Puts {@code item}: at once, or with {@code block} waiting at most {@code timeoutSeconds} for room, else {@link Full}. */
    public void put(T item, boolean block, double timeoutSeconds) {
        while (full()) {
            if (!block) {
                throw new Full("the queue is full (" + maxsize + " items)");
            }
            if (!await(putters, timeoutSeconds, "put()")) {
                throw new Full("no room in the queue within " + timeoutSeconds + " s");
            }
        }
        add(item);
        onPut();
        wakeOne(getters);
    }

    public void putNowait(T item) {
        put(item, false, 0);
    }

    /** Takes the next item, waiting as long as it takes. */
    public T get() {
        return get(true, Double.POSITIVE_INFINITY);
    }

    /** Takes the next item: at once, or with {@code block} waiting at most {@code timeoutSeconds}, else {@link Empty}. */
    public T get(boolean block, double timeoutSeconds) {
        while (size() == 0) {
            if (!block) {
                throw new Empty("the queue is empty");
            }
            if (!await(getters, timeoutSeconds, "get()")) {
                throw new Empty("nothing came within " + timeoutSeconds + " s");
            }
        }
        T item = remove();
        wakeOne(putters);
        return item;
    }

    public T getNowait() {
        return get(false, 0);
    }

    /** The next item without taking it, waiting for one as {@link #get} does. */
    public T peek(boolean block, double timeoutSeconds) {
        while (size() == 0) {
            if (!block) {
                throw new Empty("the queue is empty");
            }
            if (!await(getters, timeoutSeconds, "peek()")) {
                throw new Empty("nothing came within " + timeoutSeconds + " s");
            }
        }
        T item = first();
        wakeOne(getters); // a peek does not consume: the next getter may take it
        return item;
    }

    // The order: FIFO here; LifoQueue and PriorityQueue override these four.
    int size() {
        return items.size();
    }

    void add(T item) {
        items.addLast(item);
    }

    T remove() {
        return items.pollFirst();
    }

    T first() {
        return items.peekFirst();
    }

    /** After each item put: nothing here; {@link Queue} counts a task. */
    void onPut() {}

    /** Waits to be woken; false when the timeout passed first. */
    private boolean await(ArrayDeque<Waiter> queue, double timeoutSeconds, String call) {
        Waiter w = new Waiter(hub);
        queue.add(w);
        boolean resumed = false;
        try {
            resumed = w.getWithin(timeoutSeconds, getClass().getSimpleName() + "." + call) != Waiter.TIMED_OUT;
            return resumed;
        } finally {
            if (!queue.remove(w) && !resumed) {
                wakeOne(queue); // woken, but leaving (a timeout, a kill): the wake-up goes to the next waiter
            }
        }
    }

    private void wakeOne(ArrayDeque<Waiter> queue) {
        Waiter w = queue.poll();
        if (w != null) {
            hub.callSoon(() -> w.switchTo(null));
        }
    }
}
