package org.iomodels.process.pool;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Python's {@code AsyncResult}: what {@link Pool#applyAsync} and {@link Pool#mapAsync} return.
 * {@link #get(double)} gives the value or throws what the task threw (a
 * {@link org.iomodels.process.ChildError} with the worker's stack trace, or a
 * {@link WorkerDiedException}), as Python's {@code get} raises it; {@link #waitFor}, {@link #isReady},
 * {@link #isSuccessful}. It is also a {@link Future}, whose {@code get} wraps the error in an
 * {@link ExecutionException} as Java's do. Its callbacks run on the pool's one result thread.
 */
public final class AsyncResult<T> implements Future<T> {
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Consumer<? super T> callback;
    private final Consumer<? super Throwable> errorCallback;
    private volatile T value;
    private volatile Throwable error;

    AsyncResult(Consumer<? super T> callback, Consumer<? super Throwable> errorCallback) {
        this.callback = callback;
        this.errorCallback = errorCallback;
    }

    /** The value, waiting at most {@code timeoutSeconds} (negative: no limit); what the task threw, thrown. */
    public T get(double timeoutSeconds) throws InterruptedException, TimeoutException {
        if (!waitFor(timeoutSeconds)) {
            throw new TimeoutException("no result in " + timeoutSeconds + " s");
        }
        Throwable e = error;
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
        return value;
    }

    /** Waits at most {@code timeoutSeconds} (negative: no limit); true if the result is there. */
    public boolean waitFor(double timeoutSeconds) throws InterruptedException {
        if (timeoutSeconds < 0) {
            ready.await();
            return true;
        }
        return ready.await((long) (timeoutSeconds * 1e9), TimeUnit.NANOSECONDS);
    }

    public boolean isReady() {
        return ready.getCount() == 0;
    }

    /** Whether the task returned; it must be ready (as Python's, which raises otherwise). */
    public boolean isSuccessful() {
        if (!isReady()) {
            throw new IllegalStateException("the result is not ready");
        }
        return error == null;
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        ready.await();
        return valueOrThrow();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (!ready.await(timeout, unit)) {
            throw new TimeoutException("no result in " + timeout + " " + unit);
        }
        return valueOrThrow();
    }

    private T valueOrThrow() throws ExecutionException {
        Throwable e = error;
        if (e instanceof CancellationException c) {
            throw c;
        }
        if (e != null) {
            throw new ExecutionException(e);
        }
        return value;
    }

    /** A task cannot be taken back from a worker: false, as for a task that has started. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return false;
    }

    /** True when the pool was terminated before the task was answered. */
    @Override
    public boolean isCancelled() {
        return error instanceof CancellationException;
    }

    @Override
    public boolean isDone() {
        return isReady();
    }

    boolean hasCallbacks() {
        return callback != null || errorCallback != null;
    }

    /**
     * On the result thread (or a worker's reader, with no callbacks): sets the value and runs the callback, then the result is ready (as
     * Python's: a {@code get} returns after the callback). What a callback throws is reported and
     * the pool goes on.
     */
    synchronized void complete(T v) {
        if (isReady()) {
            return;
        }
        value = v;
        if (callback != null) {
            Pool.runCallback(() -> callback.accept(v), "callback");
        }
        ready.countDown();
    }

    /** On the result thread: sets the error and runs the error callback, then the result is ready. */
    synchronized void fail(Throwable e) {
        if (isReady()) {
            return;
        }
        error = e;
        if (errorCallback != null) {
            Pool.runCallback(() -> errorCallback.accept(e), "error callback");
        }
        ready.countDown();
    }
}
