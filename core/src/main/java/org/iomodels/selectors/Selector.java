package org.iomodels.selectors;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * I/O multiplexing in the shape of Python's {@code selectors.BaseSelector}: register file
 * objects with the events to watch, then {@link #select} waits until some are ready.
 *
 * <p>A file object is an {@code Integer} descriptor or a {@link org.iomodels.sys.FileObject}.
 * Errors follow CPython: an invalid file object or event mask is an
 * {@link IllegalArgumentException} (Python's ValueError); registering twice is an
 * {@link IllegalArgumentException}, and naming one never registered a
 * {@link java.util.NoSuchElementException} (Python's KeyError for both); after {@link #close}
 * every call throws {@link IllegalStateException}. Kernel failures are
 * {@link org.iomodels.sys.ErrnoException}s. Not thread-safe: one thread drives a selector.
 */
public interface Selector extends AutoCloseable {
    /** Starts watching {@code fileobj} for {@code events} ({@link Events#EVENT_READ} and/or {@link Events#EVENT_WRITE}). */
    SelectorKey register(Object fileobj, int events, Object data) throws IOException;

    default SelectorKey register(Object fileobj, int events) throws IOException {
        return register(fileobj, events, null);
    }

    /** Stops watching {@code fileobj} (which may already be closed) and returns its key. */
    SelectorKey unregister(Object fileobj) throws IOException;

    /** Changes what is watched for {@code fileobj} and its data; returns the new key. */
    SelectorKey modify(Object fileobj, int events, Object data) throws IOException;

    default SelectorKey modify(Object fileobj, int events) throws IOException {
        return modify(fileobj, events, null);
    }

    /**
     * Waits until at least one registered file object is ready, or the timeout passes: null
     * blocks, zero or negative polls without waiting, positive waits at least that long. Returns
     * (key, ready events) pairs; empty on timeout. Hang-ups and errors are reported as ready for
     * every watched event, so the caller's next read or write sees them.
     */
    List<Ready> select(Duration timeout) throws IOException;

    /** {@link #select(Duration)} with no timeout: blocks until something is ready. */
    default List<Ready> select() throws IOException {
        return select(null);
    }

    /** The key of {@code fileobj}; {@link java.util.NoSuchElementException} if not registered. */
    SelectorKey getKey(Object fileobj);

    /** A read-only live view from file objects to their keys. */
    Map<Object, SelectorKey> getMap();

    /** Releases the selector's kernel resources. Idempotent. Registered file objects stay open. */
    @Override
    void close() throws IOException;
}
