package org.iomodels.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One connection as a {@link Handler} sees it, the same on every engine.
 *
 * <p>{@link #write} never loses or reorders bytes. On the event-loop engines what the socket does
 * not take at once is queued and flushed when it becomes writable; past the server's write
 * high-water mark the engine stops reading this connection until the queue drains below the
 * low-water mark, so memory stays bounded however fast the peer sends. On the
 * thread-per-connection engines ({@code blocking}, {@code jdk-blocking}, {@code virtual}) a write
 * is a blocking send: it returns once the kernel has taken every byte, so a peer that does not
 * read blocks the writing thread — Stevens' blocking model, with nothing queued. A handler that
 * writes to other connections (a chat room) and must not wait for a slow one keeps its own
 * bounded queue per connection. Every method may be called from any thread.
 */
public interface Conn {
    /** A number unique within the server, for logs. */
    long id();

    /** Queues a copy of {@code data}'s remaining bytes for writing (consuming them from {@code data}). */
    void write(ByteBuffer data);

    /** Queues a copy of {@code data}. */
    default void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /** False while the write queue is above the high-water mark; {@link Handler#onDrained} says when it is true again. */
    boolean isWritable();

    /** Bytes queued but not yet taken by the socket. */
    long pendingBytes();

    /** Sends end of stream after what is queued; the connection can still read. */
    void shutdownOutput();

    /** Closes the connection after what is queued has been written. Idempotent. */
    void close();

    /** Closes at once, discarding what is queued. Idempotent. */
    void abort();

    boolean isOpen();

    InetSocketAddress localAddress();

    InetSocketAddress remoteAddress();

    /** The handler's per-connection state (null until set). */
    Object attachment();

    void attach(Object attachment);

    /** This connection's traffic so far. */
    ConnStats stats();
}
