package org.iomodels.green;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * A result that comes later, asyncio's {@code Future}: pending, then done with a result, an
 * exception, or cancelled. Done callbacks run through the hub's {@link Hub#callSoon}, never
 * inline, in the order they were added. The hub's thread only.
 *
 * @param <T> the result's type
 */
public final class Future<T> {
    private enum State { PENDING, FINISHED, CANCELLED }

    private final Hub hub;
    private State state = State.PENDING;
    private T result;
    private Throwable exception;
    private final List<Consumer<? super Future<T>>> callbacks = new ArrayList<>(2);

    Future(Hub hub) {
        this.hub = hub;
    }

    public boolean done() {
        return state != State.PENDING;
    }

    public boolean cancelled() {
        return state == State.CANCELLED;
    }

    /** The result; raises the exception it was done with, {@link CancellationException}, or {@link IllegalStateException} while pending. */
    public T result() {
        switch (state) {
            case PENDING -> throw new IllegalStateException("the result is not ready: " + this);
            case CANCELLED -> throw new CancellationException("the future was cancelled");
            default -> {
                if (exception != null) {
                    throw Sneaky.raise(exception);
                }
                return result;
            }
        }
    }

    /** The exception it was done with, or null; raises as {@link #result} does while pending or cancelled. */
    public Throwable exception() {
        if (state == State.PENDING) {
            throw new IllegalStateException("the exception is not set yet: " + this);
        }
        if (state == State.CANCELLED) {
            throw new CancellationException("the future was cancelled");
        }
        return exception;
    }

    public void setResult(T value) {
        finish(value, null);
    }

    public void setException(Throwable e) {
        if (e == null) {
            throw new IllegalArgumentException("exception must not be null");
        }
        finish(null, e);
    }

    /** Cancels a pending future (its callbacks are scheduled); false if it was already done. */
    public boolean cancel() {
        if (state != State.PENDING) {
            return false;
        }
        state = State.CANCELLED;
        scheduleCallbacks();
        return true;
    }

    /** Calls {@code callback} with this future once it is done (soon, if it already is). */
    public void addDoneCallback(Consumer<? super Future<T>> callback) {
        if (callback == null) {
            throw new IllegalArgumentException("callback must not be null");
        }
        if (done()) {
            hub.callSoon(() -> callback.accept(this));
        } else {
            callbacks.add(callback);
        }
    }

    /** Removes every registration of {@code callback}; returns how many there were. */
    public int removeDoneCallback(Consumer<? super Future<T>> callback) {
        int before = callbacks.size();
        callbacks.removeIf(c -> c == callback);
        return before - callbacks.size();
    }

    private void finish(T value, Throwable e) {
        if (state != State.PENDING) {
            throw new IllegalStateException("the future is already done: " + this);
        }
        result = value;
        exception = e;
        state = State.FINISHED;
        scheduleCallbacks();
    }

    private void scheduleCallbacks() {
        for (Consumer<? super Future<T>> c : callbacks) {
            hub.callSoon(() -> c.accept(this));
        }
        callbacks.clear();
    }

    @Override
    public String toString() {
        return "<Future " + switch (state) {
            case PENDING -> "pending";
            case CANCELLED -> "cancelled";
            case FINISHED -> exception != null ? "exception=" + exception : "result=" + result;
        } + ">";
    }
}
