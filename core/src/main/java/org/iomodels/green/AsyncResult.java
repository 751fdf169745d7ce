package org.iomodels.green;

import java.util.ArrayList;
import java.util.List;

/**
 * gevent's {@code AsyncResult}: a one-time value or exception that greenlets wait for. The
 * first {@link #set} or {@link #setException} wins; later ones are refused.
 *
 * @param <T> the value's type
 */
public final class AsyncResult<T> implements AsyncOutcome<T> {
    private final Hub hub = Hub.get();
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean ready;
    private T value;
    private Throwable exception;

    public void set(T v) {
        finish(v, null);
    }

    public void setException(Throwable e) {
        if (e == null) {
            throw new IllegalArgumentException("exception must not be null");
        }
        finish(null, e);
    }

    @Override
    public boolean ready() {
        return ready;
    }

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
        if (!ready) {
            await(timeoutSeconds, true);
        }
        if (exception != null) {
            throw Sneaky.raise(exception);
        }
        return value;
    }

    /** Waits until ready or the timeout; returns the value then (null if not ready). Never raises the exception. */
    public T waitFor(double timeoutSeconds) {
        if (!ready) {
            await(timeoutSeconds, false);
        }
        return value;
    }

    private void await(double timeoutSeconds, boolean raiseTimeout) {
        Waiter w = new Waiter(hub);
        waiters.add(w);
        try {
            if (w.getWithin(timeoutSeconds, "AsyncResult.get()") == Waiter.TIMED_OUT && raiseTimeout) {
                throw new Timeout(timeoutSeconds);
            }
        } finally {
            waiters.remove(w);
        }
    }

    private void finish(T v, Throwable e) {
        if (ready) {
            throw new IllegalStateException("this AsyncResult is already set");
        }
        ready = true;
        value = v;
        exception = e;
        if (!waiters.isEmpty()) {
            List<Waiter> now = new ArrayList<>(waiters);
            waiters.clear();
            hub.callSoon(() -> now.forEach(w -> w.switchTo(null)));
        }
    }
}
