package org.iomodels.green;

/**
 * What a spawned greenlet and an {@link AsyncResult} have in common, gevent's
 * {@code IAsyncResult}: an outcome that comes once, a value or an exception, waited for with
 * {@link #get}.
 *
 * @param <T> the value's type
 */
public interface AsyncOutcome<T> {
    /** Whether the outcome is in. */
    boolean ready();

    /** The value, once in and successful (null otherwise). */
    T value();

    /** The exception, once in and failed (null otherwise). */
    Throwable exception();

    /** As {@link #get()}, raising {@link Timeout} after {@code timeoutSeconds}. */
    T get(double timeoutSeconds);

    /** Whether it is in without an exception. */
    default boolean successful() {
        return ready() && exception() == null;
    }

    /** Waits for the outcome and returns the value, or raises the exception. */
    default T get() {
        return get(Double.POSITIVE_INFINITY);
    }
}
