package org.iomodels.process.manager;

import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.iomodels.process.Queue;

/**
 * The manager's {@code queue} and {@code joinableQueue} (Python's {@code queue.Queue} a
 * {@code SyncManager} serves): a {@link LinkedBlockingDeque} of {@code maxsize} items (0: no
 * bound). {@code get} and {@code put} raise {@link Queue.Empty} and {@link Queue.Full} as the
 * process queues do; a joinable one counts the items not yet {@code taskDone}.
 */
final class QueueServant implements Servant {
    private final String typeId;
    private final int maxsize;
    private final LinkedBlockingDeque<Object> items;
    private int unfinished;

    QueueServant(String typeId, int maxsize) {
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must be 0 (no bound) or more, not " + maxsize);
        }
        this.typeId = typeId;
        this.maxsize = maxsize;
        this.items = new LinkedBlockingDeque<>(maxsize == 0 ? Integer.MAX_VALUE : maxsize);
    }

    @Override
    public String typeId() {
        return typeId;
    }

    @Override
    public Object call(String m, Object[] a, Session s) throws Exception {
        switch (m) {
            case "put" -> {
                Object item = a[0] == null ? NULL_ITEM : a[0];
                boolean block = a.length < 2 || Boolean.TRUE.equals(a[1]);
                double timeout = a.length > 2 ? Servant.seconds(a[2]) : -1;
                synchronized (this) {
                    unfinished++; // counted before it can be taken, so a join never sees it done before it is
                }
                boolean put = false;
                try {
                    put = block ? s.await(timeout, n -> items.offer(item, n, TimeUnit.NANOSECONDS)) : items.offer(item);
                } finally {
                    if (!put) {
                        finished(1); // not put (full, or its client gone): not counted
                    }
                }
                if (!put) {
                    throw new Queue.Full(block ? "the queue stayed full for " + timeout + " s" : "the queue is full");
                }
                return null;
            }
            case "get" -> {
                boolean block = a.length < 1 || Boolean.TRUE.equals(a[0]);
                double timeout = a.length > 1 ? Servant.seconds(a[1]) : -1;
                Object[] got = new Object[1];
                boolean ok = block ? s.await(timeout, n -> (got[0] = items.poll(n, TimeUnit.NANOSECONDS)) != null)
                        : (got[0] = items.poll()) != null;
                if (!ok) {
                    throw new Queue.Empty(block ? "the queue stayed empty for " + timeout + " s" : "the queue is empty");
                }
                if (block && s.ch.peerClosed()) {
                    items.putFirst(got[0]); // its reader went away while it waited: the item goes back to the head
                    throw new Session.ClientGone();
                }
                return got[0] == NULL_ITEM ? null : got[0];
            }
            case "qsize" -> {
                return items.size();
            }
            case "empty" -> {
                return items.isEmpty();
            }
            case "full" -> {
                return maxsize > 0 && items.remainingCapacity() == 0;
            }
            case "taskDone" -> {
                joinable(m);
                finished(0);
                return null;
            }
            case "join" -> {
                joinable(m);
                return s.await(a.length > 0 ? Servant.seconds(a[0]) : -1, n -> {
                    synchronized (this) {
                        if (unfinished > 0 && n > 0) {
                            TimeUnit.NANOSECONDS.timedWait(this, n);
                        }
                        return unfinished == 0;
                    }
                });
            }
            default -> throw Servant.noMethod(typeId, m, a.length);
        }
    }

    /** A null item: the blocking queue takes no null, so it holds this in its place. */
    static final Object NULL_ITEM = new Object();

    private synchronized void finished(int undo) {
        if (undo == 0 && unfinished == 0) {
            throw new IllegalStateException("taskDone() called more times than there were items");
        }
        unfinished--;
        if (unfinished == 0) {
            notifyAll();
        }
    }

    private void joinable(String m) {
        if (!typeId.equals(Servants.JOINABLE_QUEUE)) {
            throw new UnsupportedOperationException(m + " is a joinableQueue's, not a queue's");
        }
    }
}
