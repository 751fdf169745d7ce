package org.iomodels.process.pool;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;
import org.iomodels.process.ChildError;

/**
 * What {@link Pool#imap} and {@link Pool#imapUnordered} return: results as they come (in the
 * items' order, or in any), with Python's {@code next(timeout)}. The items are read lazily, on the
 * caller's thread: at most {@code 4 x processes} chunks are out (given, or answered and not yet
 * taken) at once, so a long (or endless) input costs bounded memory. A task that threw throws its
 * {@link ChildError} from {@code next} at its place; the iteration goes on after it. Once the pool
 * is shut down, items not yet read are refused: {@code next} throws {@link IllegalStateException}
 * when it would read them. The items are read under this iterator's lock, which the pool's result
 * thread also takes: a slow input holds up the pool's outcomes while it is read.
 */
public final class IMapIterator<R> implements Iterator<R>, Call {
    /** A part's outcome, its rows yielded one by one. */
    private record Outcome(Object[] values, ChildError[] errors, Throwable failure, int rows) {}

    private final Pool pool;
    private final Call.Function fn;
    private final Iterator<?> items;
    private final int chunksize;
    private final boolean ordered;
    private final int window;
    private final Map<Integer, Outcome> arrived = new HashMap<>(); // guarded by this: ordered
    private final ArrayDeque<Outcome> queue = new ArrayDeque<>(); // guarded by this: unordered
    private final Map<Integer, Integer> sizes = new HashMap<>(); // guarded by this: rows per part given
    private int given;
    private int taken;
    private Outcome current;
    private int at;

    IMapIterator(Pool pool, Call.Function fn, Iterator<?> items, int chunksize, boolean ordered) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize is 1 or more, not " + chunksize);
        }
        this.pool = pool;
        this.fn = fn;
        this.items = items;
        this.chunksize = chunksize;
        this.ordered = ordered;
        this.window = 4 * pool.processes();
        synchronized (this) {
            feed();
        }
    }

    @Override
    public synchronized boolean hasNext() {
        if (current != null && at < current.rows()) {
            return true;
        }
        feed();
        return taken < given;
    }

    @Override
    public R next() {
        try {
            return next(-1);
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("interrupted while waiting for the next result", e);
        }
    }

    /** Python's {@code next(timeout)}: the next result, waiting at most {@code timeoutSeconds} (negative: no limit). */
    @SuppressWarnings("unchecked")
    public synchronized R next(double timeoutSeconds) throws InterruptedException, TimeoutException {
        long end = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (current == null || at >= current.rows()) {
            feed();
            if (taken >= given) {
                throw new NoSuchElementException("no more results");
            }
            Outcome o = ordered ? arrived.remove(taken) : queue.poll();
            if (o != null) {
                current = o;
                at = 0;
                taken++;
                feed();
                break;
            }
            long left = end - System.nanoTime();
            if (timeoutSeconds >= 0 && left <= 0) {
                throw new TimeoutException("no result in " + timeoutSeconds + " s");
            }
            if (timeoutSeconds < 0) {
                wait();
            } else {
                wait(Math.max(1, left / 1_000_000));
            }
        }
        int i = at++;
        if (current.failure() != null) {
            throw current.failure() instanceof RuntimeException r ? r : new IllegalStateException(current.failure());
        }
        if (current.errors() != null && current.errors()[i] != null) {
            throw current.errors()[i];
        }
        return (R) current.values()[i];
    }

    /** Gives the workers chunks of the items while fewer than the window are out. */
    private void feed() {
        while (given - taken < window && items.hasNext()) {
            java.util.List<Object> chunk = new java.util.ArrayList<>(Math.min(chunksize, 1024));
            while (chunk.size() < chunksize && items.hasNext()) {
                chunk.add(items.next());
            }
            Object[] args = chunk.toArray();
            int n = args.length;
            int part = given;
            sizes.put(part, n);
            pool.workers().submit(java.util.List.of(Call.part(this, part, pool.nextId(), fn, 1, n, args)));
            given++;
        }
    }

    @Override
    public boolean inline() {
        return true;
    }

    @Override
    public synchronized void done(int part, Object[] values, ChildError[] errors) {
        arrive(part, new Outcome(values, errors, null, values.length));
    }

    @Override
    public synchronized void failed(int part, Throwable error) {
        arrive(part, new Outcome(null, null, error, sizes.getOrDefault(part, 1)));
    }

    private void arrive(int part, Outcome o) {
        sizes.remove(part);
        if (ordered) {
            arrived.put(part, o);
        } else {
            queue.add(o);
        }
        notifyAll();
    }
}
