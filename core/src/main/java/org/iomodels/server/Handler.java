package org.iomodels.server;

import java.nio.ByteBuffer;

/**
 * What a protocol does with a connection, written once and run unchanged on every engine.
 *
 * <p>One handler serves every connection of a server, so state shared between connections (a
 * chat room) must be thread-safe: multi-loop and thread-per-connection engines call it from
 * several threads. For one connection, calls never overlap and come in order: {@code onOpen},
 * then {@code onData}/{@code onDrained}/{@code onInputClosed} as they happen, then exactly one
 * {@code onClose}. On event-loop engines the calling thread is the connection's loop: a handler
 * must not block there.
 */
public interface Handler {
    /** The connection is established. */
    default void onOpen(Conn conn) {}

    /**
     * Bytes arrived. {@code data} is the engine's buffer, valid only during this call: copy what
     * must outlive it. {@link Conn#write} copies, so echoing {@code data} back is safe.
     */
    void onData(Conn conn, ByteBuffer data);

    /**
     * The write queue fell below the low-water mark after having passed the high-water mark:
     * a producer that paused because {@link Conn#isWritable()} was false may go on.
     */
    default void onDrained(Conn conn) {}

    /**
     * The peer closed its side (end of stream). By default the connection is closed once what
     * was queued has been written, which is what a half-closing client of an echo server expects.
     */
    default void onInputClosed(Conn conn) {
        conn.close();
    }

    /**
     * The connection is closed. {@code cause} is null for an orderly close (either side), else
     * what ended it: a reset, a failed read or write, an idle timeout, the server stopping.
     */
    default void onClose(Conn conn, Throwable cause) {}
}
