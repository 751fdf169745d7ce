package org.iomodels.green;

import java.util.concurrent.Callable;

/**
 * gevent's {@code Timeout}: a deadline for the greenlet that starts it. When it passes and the
 * greenlet is waiting, the wait raises this timeout (or the exception given instead), which
 * unwinds to where the caller catches it; {@link #close} (try-with-resources) cancels it.
 *
 * <pre>{@code
 * try (Timeout t = Timeout.start(0.5)) {
 *     queue.get();                 // raises t if nothing comes within 0.5 s
 * } catch (Timeout t) { ... }
 * }</pre>
 *
 * A greenlet that never waits cannot be interrupted (nothing runs until it switches), as in gevent.
 */
public class Timeout extends RuntimeException implements AutoCloseable {
    private final double seconds;
    private final RuntimeException exception;
    private Handle timer;

    /** A timeout of {@code seconds} (infinite: never), not started. */
    public Timeout(double seconds) {
        this(seconds, null);
    }

    /** As {@link #Timeout(double)}, raising {@code exception} instead of itself when it passes. */
    public Timeout(double seconds, RuntimeException exception) {
        super(null, null, false, false);
        if (Double.isNaN(seconds) || seconds < 0) {
            throw new IllegalArgumentException("a timeout needs seconds >= 0, not " + seconds);
        }
        this.seconds = seconds;
        this.exception = exception;
    }

    /** Starts a timeout for the current greenlet. */
    public static Timeout start(double seconds) {
        return new Timeout(seconds).start();
    }

    public static Timeout start(double seconds, RuntimeException exception) {
        return new Timeout(seconds, exception).start();
    }

    /** Calls {@code fn} with a timeout; when it passes, raises it (gevent's {@code with_timeout}). */
    public static <T> T withTimeout(double seconds, Callable<T> fn) {
        try (Timeout t = start(seconds)) {
            return fn.call();
        } catch (Exception e) {
            throw Sneaky.raise(e);
        }
    }

    /** As {@link #withTimeout(double, Callable)}, returning {@code timeoutValue} when this timeout passes. */
    public static <T> T withTimeout(double seconds, Callable<T> fn, T timeoutValue) {
        Timeout t = start(seconds);
        try (t) {
            return fn.call();
        } catch (Timeout e) {
            if (e != t) {
                throw e;
            }
            return timeoutValue;
        } catch (Exception e) {
            throw Sneaky.raise(e);
        }
    }

    /** Starts the timer for the current greenlet; a timeout already started is refused. */
    public Timeout start() {
        if (timer != null) {
            throw new IllegalStateException("this timeout is already started: " + this);
        }
        if (Double.isInfinite(seconds)) {
            return this;
        }
        Greenlet owner = Greenlet.current();
        Hub hub = Hub.get();
        if (owner == hub.greenlet()) {
            throw new IllegalStateException("a timeout is for a greenlet that waits, not for the hub");
        }
        timer = hub.callLater(seconds, () -> {
            if (!owner.isDead()) {
                owner.throwInto(exception != null ? exception : this);
            }
        });
        return this;
    }

    /** Whether it is started and has neither passed nor been cancelled. */
    public boolean pending() {
        return timer != null && !timer.cancelled() && timer.when() > Hub.get().time();
    }

    public void cancel() {
        if (timer != null) {
            timer.cancel();
        }
    }

    @Override
    public void close() {
        cancel();
    }

    public double seconds() {
        return seconds;
    }

    @Override
    public String getMessage() {
        return seconds == 1 ? "1 second" : seconds + " seconds";
    }
}
