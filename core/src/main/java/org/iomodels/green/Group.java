package org.iomodels.green;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * gevent's {@code Group}: the greenlets spawned through it, tracked until they are done, to join
 * or kill together, and {@code map}/{@code imap}/{@code imapUnordered}/{@code applyAsync} over
 * them. Unbounded; {@link Pool} is a group of at most a given size.
 */
public class Group {
    private final Set<GreenThread<?>> greenlets = new LinkedHashSet<>();

    /** Spawns {@code fn} as a member; it leaves the group when done. */
    public <T> GreenThread<T> spawn(Callable<T> fn) {
        if (fn == null) {
            throw new IllegalArgumentException("a greenlet needs something to run");
        }
        beforeSpawn();
        GreenThread<T> g = new GreenThread<>(fn);
        track(g);
        return g.start();
    }

    /** Adds an existing greenlet not done yet (a {@link Pool} waits for room first); it leaves when done. */
    public void add(GreenThread<?> g) {
        if (!greenlets.contains(g) && !g.ready()) {
            beforeSpawn();
            if (greenlets.contains(g) || g.ready()) {
                afterLeave(); // added by another greenlet, or done, while this one waited for room
            } else {
                track(g);
            }
        }
    }

    private <T> void track(GreenThread<T> g) {
        greenlets.add(g);
        g.link(this::discard);
    }

    /** Removes a greenlet from the group (it is not killed). */
    public void discard(GreenThread<?> g) {
        if (greenlets.remove(g)) {
            afterLeave();
        }
    }

    public int size() {
        return greenlets.size();
    }

    public boolean contains(GreenThread<?> g) {
        return greenlets.contains(g);
    }

    /** Waits until every member is done, at most {@code timeoutSeconds}; with {@code raiseError}, raises the first failure. Whether the group is empty. */
    public boolean join(double timeoutSeconds, boolean raiseError) {
        double deadline = Hub.get().time() + timeoutSeconds;
        while (!greenlets.isEmpty()) { // members spawned meanwhile are waited for too (gevent)
            double left = deadline - Hub.get().time();
            if (left <= 0) {
                break;
            }
            List<GreenThread<?>> now = new ArrayList<>(greenlets);
            try {
                Green.joinAll(now, left, raiseError, now.size());
            } finally {
                discardReady();
            }
            if (!now.stream().allMatch(GreenThread::ready)) {
                break; // the timeout passed
            }
        }
        return greenlets.isEmpty();
    }

    public boolean join() {
        return join(Double.POSITIVE_INFINITY, false);
    }

    /** Kills every member and waits for them. */
    public void kill() {
        Green.killAll(new ArrayList<>(greenlets));
        discardReady();
    }

    /** Members done leave now, not on the hub's next turn (their links would do it then). */
    private void discardReady() {
        for (GreenThread<?> g : new ArrayList<>(greenlets)) {
            if (g.ready()) {
                discard(g);
            }
        }
    }

    /** Spawns {@code fn} and waits for its value (raises its exception). */
    public <T> T apply(Callable<T> fn) {
        return spawn(fn).get();
    }

    /** Spawns {@code fn}; {@code callback} gets its value when it succeeds. */
    public <T> GreenThread<T> applyAsync(Callable<T> fn, Consumer<? super T> callback) {
        GreenThread<T> g = spawn(fn);
        if (callback != null) {
            g.linkValue(x -> callback.accept(x.value()));
        }
        return g;
    }

    /** {@code fn} of every item, in the items' order; raises the first exception in that order. */
    public <A, R> List<R> map(Function<? super A, ? extends R> fn, Iterable<? extends A> items) {
        List<R> out = new ArrayList<>();
        imap(fn, items).forEachRemaining(out::add);
        return out;
    }

    /** {@code fn} of each item, lazily, in the items' order: the iterator waits for the next one. */
    public <A, R> Iterator<R> imap(Function<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return new Results<>(fn, items, true);
    }

    /** As {@link #imap}, each result as soon as it is done. */
    public <A, R> Iterator<R> imapUnordered(Function<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return new Results<>(fn, items, false);
    }

    /** Before a spawn: nothing here; {@link Pool} waits for room. */
    void beforeSpawn() {}

    /** After a member left: nothing here; {@link Pool} frees its place. */
    void afterLeave() {}

    /** The results of an imap: a producer greenlet spawns a member per item, each puts its outcome in a queue. */
    private final class Results<A, R> implements Iterator<R> {
        private sealed interface Message permits Outcome, End {}

        private record Outcome(int index, Object value, Throwable error) implements Message {}

        private record End(int count) implements Message {}

        private final SimpleQueue<Message> done = new SimpleQueue<>();
        private final Map<Integer, Outcome> arrived = new HashMap<>();
        private final boolean ordered;
        private int total = -1; // known once the producer has gone through the items
        private int next;

        Results(Function<? super A, ? extends R> fn, Iterable<? extends A> items, boolean ordered) {
            this.ordered = ordered;
            Green.spawn(() -> {
                int i = 0;
                for (A item : items) {
                    int index = i++;
                    spawn(() -> {
                        try {
                            done.put(new Outcome(index, fn.apply(item), null));
                        } catch (Throwable e) {
                            done.put(new Outcome(index, null, e));
                        }
                        return null;
                    });
                }
                done.put(new End(i));
            });
        }

        @Override
        public boolean hasNext() {
            while (total < 0 || next < total) {
                if (ordered ? arrived.containsKey(next) : !arrived.isEmpty()) {
                    return true;
                }
                switch (done.get()) {
                    case End e -> total = e.count();
                    case Outcome o -> arrived.put(o.index(), o);
                }
            }
            return false;
        }

        @Override
        @SuppressWarnings("unchecked")
        public R next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more results");
            }
            Outcome o = arrived.remove(ordered ? next : arrived.keySet().iterator().next());
            next++;
            if (o.error() != null) {
                throw Sneaky.raise(o.error());
            }
            return (R) o.value();
        }
    }
}
