package org.iomodels.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * One connection as a {@link Handler} sees it, the same on every engine.
 *
 * <p>{@link #write} never loses or reorders bytes, and {@link #sendFile} puts a file's bytes in the
 * same stream, in their turn. On the event-loop engines what the socket does
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

    /**
     * Queues {@code count} bytes of {@code file}, starting at byte {@code position}, exactly as if
     * they had been written with {@link #write} at this point: after what is already queued,
     * before what is queued later. They count in {@link #pendingBytes}, the high- and low-water
     * marks and {@link ConnStats#bytesOut} like written bytes, and are dropped, like a write,
     * after {@link #close} or {@link #shutdownOutput}.
     *
     * <p>The bytes go from the kernel's page cache to the socket without being read into a
     * user-space buffer: {@code sendfile(2)} on the raw readiness engines ({@code nonblocking},
     * {@code select}, {@code poll}, {@code epoll}, {@code sigio}) and on {@code blocking};
     * {@code FileChannel.transferTo} to the socket's channel, which is sendfile(2) inside the
     * JDK, on {@code jdk-nio}, {@code jdk-blocking} and {@code virtual} (on {@code virtual}, each
     * time the socket's buffer is full one byte goes by read and write, the JDK's only way to
     * park a virtual thread until the socket takes more); and where nothing transfers to the
     * socket ({@code io_uring}, which has no sendfile operation, and {@code jdk-nio2}, whose
     * asynchronous channel has no transferTo), read-only mappings of the file, a window at a
     * time, that the kernel's send copies from. On the thread-per-connection engines the call
     * blocks until the kernel has taken every byte, as a write does.
     *
     * <p>The file is opened now, on the calling thread: if it cannot be, the IOException is
     * thrown and nothing is queued (the connection goes on). The engine closes it once it is
     * sent, or when the connection closes, whichever comes first; a {@code count} of 0 sends
     * nothing and closes it at once. If, when its turn comes, the file holds fewer than
     * {@code position + count} bytes, the connection is aborted, since the peer was promised
     * {@code count} bytes it cannot get: {@link Handler#onClose} gets an
     * {@link ShortFileException} (or, on the mapping engines, the send's
     * EFAULT if the file shrank under a window being sent).
     *
     * @throws IllegalArgumentException if {@code position} or {@code count} is negative
     * @throws IOException if the file cannot be opened
     */
    void sendFile(Path file, long position, long count) throws IOException;

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

    /**
     * Runs {@code task} once, {@code delay} from now, as if it were a handler call of this
     * connection: never at the same time as another of its handler calls, and not at all if the
     * connection has closed by then. Tasks with the same due time run in the order they were
     * asked for. No thread waits out the delay: on the event-loop engines and {@code green} the
     * task runs on the connection's loop, from the loop's own timer (asyncio's
     * {@code loop.call_later}); on {@code jdk-nio2} from the server's timer thread; on the
     * thread-per-connection engines, whose threads sit in {@code read}, the server's timer hands it
     * to a virtual thread, so a task that writes to a peer that does not read blocks only itself.
     * A task that throws is logged and closes the connection, as a handler call that throws.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    void callLater(java.time.Duration delay, Runnable task);

    /** The handler's per-connection state (null until set). */
    Object attachment();

    void attach(Object attachment);

    /** This connection's traffic so far. */
    ConnStats stats();
}
