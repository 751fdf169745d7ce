package org.iomodels.green;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * gevent's module functions on this thread's {@link Hub}: {@link #spawn}, {@link #spawnLater},
 * {@link #sleep}, {@link #joinAll}, {@link #killAll}. The seeds' example in Java:
 *
 * <pre>{@code
 * var a = Green.spawn(() -> { System.out.println("running 1"); Green.sleep(1); ... });
 * Green.joinAll(List.of(a, b, c));
 * }</pre>
 */
public final class Green {
    private Green() {}

    /** Starts {@code fn} in a new greenlet on a next turn of the hub's loop. */
    public static <T> GreenThread<T> spawn(Callable<T> fn) {
        return new GreenThread<>(fn).start();
    }

    /** As {@link #spawn(Callable)}, for a body with no value. */
    public static GreenThread<Void> spawn(Runnable fn) {
        return spawn(asCallable(fn));
    }

    /** As {@link #spawn(Callable)}, named: the name shows in its reports and in a {@link LoopExit}. */
    public static <T> GreenThread<T> spawn(Callable<T> fn, String name) {
        return new GreenThread<>(fn, name).start();
    }

    public static GreenThread<Void> spawn(Runnable fn, String name) {
        return spawn(asCallable(fn), name);
    }

    /** Starts {@code fn} in a new greenlet {@code seconds} from now. */
    public static <T> GreenThread<T> spawnLater(double seconds, Callable<T> fn) {
        return new GreenThread<>(fn).startLater(seconds);
    }

    public static GreenThread<Void> spawnLater(double seconds, Runnable fn) {
        return spawnLater(seconds, asCallable(fn));
    }

    /**
     * Waits {@code seconds}, letting the other greenlets run; {@code sleep(0)} only yields: the
     * greenlets ready to run go first, and the hub does not wait for I/O.
     */
    public static void sleep(double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("sleep needs a number of seconds, not NaN");
        }
        Hub hub = Hub.get();
        Waiter w = new Waiter(hub);
        Handle h = seconds <= 0 ? hub.callSoon(() -> w.switchTo(null)) : hub.callLater(seconds, () -> w.switchTo(null));
        try {
            w.get(seconds <= 0 ? "sleep(0)" : "sleep(" + seconds + ")");
        } finally {
            h.cancel(); // a timeout may end the sleep first
        }
    }

    /** Waits until every greenlet is done; returns them in the order they finished. */
    public static List<GreenThread<?>> joinAll(Collection<? extends GreenThread<?>> greenlets) {
        return joinAll(greenlets, Double.POSITIVE_INFINITY, false, greenlets.size());
    }

    /**
     * Waits until {@code count} of {@code greenlets} are done, or {@code timeoutSeconds} pass;
     * returns those done, in the order they finished. With {@code raiseError}, the first
     * exception one of them raised is raised here (at once, without waiting for the rest).
     */
    public static List<GreenThread<?>> joinAll(Collection<? extends GreenThread<?>> greenlets, double timeoutSeconds,
                                               boolean raiseError, int count) {
        int wanted = Math.min(count, greenlets.size());
        List<GreenThread<?>> done = new ArrayList<>();
        for (GreenThread<?> g : greenlets) {
            if (g.ready()) {
                done.add(g);
            }
        }
        if (done.size() < wanted && !(raiseError && firstFailure(done) != null)) {
            Hub hub = Hub.get();
            Waiter w = new Waiter(hub);
            List<Runnable> unlinks = new ArrayList<>();
            boolean[] over = {false}; // set once this call returns: a link called later adds nothing
            for (GreenThread<?> g : greenlets) {
                if (!g.ready()) {
                    unlinks.add(linkTo(g, x -> {
                        if (over[0]) {
                            return;
                        }
                        done.add(x);
                        if (done.size() >= wanted || (raiseError && !x.successful())) {
                            w.switchTo(null);
                        }
                    }));
                }
            }
            try {
                w.getWithin(timeoutSeconds, "joinAll() of " + greenlets.size() + " greenlets"); // a timeout: those done so far
            } finally {
                over[0] = true;
                unlinks.forEach(Runnable::run);
            }
        }
        Throwable failure = raiseError ? firstFailure(done) : null;
        if (failure != null) {
            throw Sneaky.raise(failure);
        }
        return done;
    }

    /** Kills every greenlet (an unstarted one never starts) and waits for them all to end. */
    public static void killAll(Collection<? extends GreenThread<?>> greenlets) {
        killAll(greenlets, new GreenletExit(), true, Double.POSITIVE_INFINITY);
    }

    /** Raises {@code error} in every greenlet not done; with {@code block}, waits at most {@code timeoutSeconds} for them. */
    public static void killAll(Collection<? extends GreenThread<?>> greenlets, RuntimeException error, boolean block,
                               double timeoutSeconds) {
        Greenlet me = Greenlet.current();
        for (GreenThread<?> g : greenlets) {
            if (g != me) {
                g.kill(error, false, 0);
            }
        }
        for (GreenThread<?> g : greenlets) {
            if (g == me) {
                g.kill(error, false, 0); // the caller is among them: it ends itself last, the others are already told
            }
        }
        if (block) {
            joinAll(greenlets, timeoutSeconds, false, greenlets.size());
        }
    }

    private static <T> Runnable linkTo(GreenThread<T> g, Consumer<GreenThread<?>> callback) {
        Consumer<GreenThread<T>> c = callback::accept;
        g.link(c);
        return () -> g.unlink(c);
    }

    private static Throwable firstFailure(List<GreenThread<?>> done) {
        for (GreenThread<?> g : done) {
            if (!g.successful()) {
                return g.exception();
            }
        }
        return null;
    }

    private static Callable<Void> asCallable(Runnable fn) {
        if (fn == null) {
            throw new IllegalArgumentException("a greenlet needs something to run");
        }
        return () -> {
            fn.run();
            return null;
        };
    }
}
