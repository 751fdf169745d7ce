package org.iomodels.green;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A greenlet spawned on the hub, gevent's {@code Greenlet}: it starts on a next turn of the loop
 * ({@link Green#spawn}), its parent is the hub, and its outcome is kept: {@link #get} returns
 * the value or raises the exception, {@link #join} waits without raising, {@link #kill} ends it
 * with {@link GreenletExit}, and links are called when it is done. An exception it raises is
 * reported once on the error stream, with its name, and the hub goes on.
 *
 * @param <T> what it returns
 */
public class GreenThread<T> extends Greenlet implements AsyncOutcome<T> {
    private final Hub hub;
    private final Callable<T> fn;
    private final List<Consumer<? super GreenThread<T>>> links = new ArrayList<>(2);
    private Handle startHandle;
    private boolean ready;
    private T value;
    private Throwable exception;

    /** A greenlet that will call {@code fn} on this thread's hub once {@link #start}ed. */
    public GreenThread(Callable<T> fn) {
        this(fn, null);
    }

    public GreenThread(Callable<T> fn, String name) {
        this(Hub.get(), fn, name);
    }

    private GreenThread(Hub hub, Callable<T> fn, String name) {
        super(name, hub.greenlet());
        if (fn == null) {
            throw new IllegalArgumentException("a greenlet needs something to run");
        }
        this.hub = hub;
        this.fn = fn;
    }

    @Override
    protected final Object run(Object arg) {
        try {
            value = fn.call();
        } catch (GreenletExit exit) {
            // killed: a success, whose value is the exit (gevent)
        } catch (Throwable t) {
            exception = t;
            hub.reportError("greenlet " + name(), t);
        }
        done();
        return null;
    }

    /** Schedules the start on a next turn of the loop; a second start does nothing. */
    public GreenThread<T> start() {
        if (startHandle == null && !isActive() && !ready) {
            startHandle = hub.callSoon(this::begin);
        }
        return this;
    }

    /** Schedules the start {@code seconds} from now. */
    public GreenThread<T> startLater(double seconds) {
        if (startHandle == null && !isActive() && !ready) {
            startHandle = hub.callLater(seconds, this::begin);
        }
        return this;
    }

    private void begin() {
        if (!ready && !isActive()) {
            switchTo(null);
        }
    }

    /** Whether it is done (returned, raised, or killed: a kill counts as success, as in gevent). */
    @Override
    public boolean ready() {
        return ready;
    }

    /** Its value once done successfully (null before, or after a failure or a kill). */
    @Override
    public T value() {
        return value;
    }

    @Override
    public Throwable exception() {
        return exception;
    }

    @Override
    public T get(double timeoutSeconds) {
        awaitDone(timeoutSeconds, "get", true);
        if (exception != null) {
            throw Sneaky.raise(exception);
        }
        return value;
    }

    /** Waits until done, at most {@code timeoutSeconds}; never raises the greenlet's exception. Returns whether it is done. */
    public boolean join(double timeoutSeconds) {
        awaitDone(timeoutSeconds, "join", false);
        return ready;
    }

    public boolean join() {
        return join(Double.POSITIVE_INFINITY);
    }

    /** Ends it with {@link GreenletExit} and waits for that; an unstarted one never starts. Never raises. */
    public void kill() {
        kill(new GreenletExit(), true, Double.POSITIVE_INFINITY);
    }

    /**
     * Raises {@code error} in it (a {@link GreenletExit} ends it quietly); one not started dies
     * without running. With {@code block}, waits at most {@code timeoutSeconds} for it to end.
     */
    public void kill(RuntimeException error, boolean block, double timeoutSeconds) {
        RuntimeException e = error != null ? error : new GreenletExit();
        if (ready) {
            return;
        }
        if (!isActive()) {
            if (startHandle != null) {
                startHandle.cancel();
            }
            if (!(e instanceof GreenletExit)) {
                exception = e;
            }
            done();
            return;
        }
        if (Greenlet.current() == this) {
            throw e;
        }
        hub.callSoon(() -> {
            if (!isDead()) {
                throwInto(e);
            }
        });
        if (block) {
            awaitDone(timeoutSeconds, "kill", false);
        }
    }

    /** Calls {@code callback} with this greenlet when it is done (on the hub, soon, if it already is). */
    public void link(Consumer<? super GreenThread<T>> callback) {
        if (callback == null) {
            throw new IllegalArgumentException("callback must not be null");
        }
        if (ready && links.isEmpty()) {
            hub.callSoon(() -> callback.accept(this));
        } else {
            links.add(callback); // pending, or behind links the notifier has not called yet
        }
    }

    /** As {@link #link}, only if it succeeds. */
    public void linkValue(Consumer<? super GreenThread<T>> callback) {
        link(g -> {
            if (g.successful()) {
                callback.accept(g);
            }
        });
    }

    /** As {@link #link}, only if it fails. */
    public void linkException(Consumer<? super GreenThread<T>> callback) {
        link(g -> {
            if (!g.successful()) {
                callback.accept(g);
            }
        });
    }

    /** Removes a link made with {@link #link}. */
    public void unlink(Consumer<? super GreenThread<T>> callback) {
        links.removeIf(c -> c == callback);
    }

    /** Done: one hub callback calls the links, taking each off as it goes, so an unlink made meanwhile holds (gevent). */
    private void done() {
        ready = true;
        if (!links.isEmpty()) {
            hub.callSoon(() -> {
                while (!links.isEmpty()) {
                    links.removeFirst().accept(this);
                }
            });
        }
    }

    /** Killed by a throwInto before it ran: done, as a kill before the start is. */
    @Override
    protected void diedBeforeRunning(Throwable cause) {
        if (startHandle != null) {
            startHandle.cancel();
        }
        if (!(cause instanceof GreenletExit)) {
            exception = cause;
        }
        done();
    }

    private void awaitDone(double timeoutSeconds, String call, boolean raiseTimeout) {
        if (ready) {
            return;
        }
        if (Greenlet.current() == this) {
            throw new IllegalStateException(this + " cannot " + call + " itself: it would wait for ever");
        }
        Waiter w = new Waiter(hub);
        Consumer<GreenThread<T>> wake = g -> w.switchTo(null);
        links.add(wake);
        try {
            if (w.getWithin(timeoutSeconds, call + "() of " + name()) == Waiter.TIMED_OUT && raiseTimeout) {
                throw new Timeout(timeoutSeconds);
            }
        } finally {
            links.remove(wake);
        }
    }

    @Override
    public String toString() {
        return "<GreenThread " + name() + (ready ? exception != null ? " failed" : " done" : isActive() ? " running" : " unstarted") + ">";
    }
}
