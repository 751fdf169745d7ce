package org.iomodels.protocol;

import java.nio.charset.StandardCharsets;
import org.iomodels.server.Conn;

/**
 * One connection of a {@link Chat} room: its name, its line framing and its {@link Outbox}.
 * The name is guarded by the room's lock; the framer and {@link #leaving} are touched only by
 * the connection's own handler calls, which never overlap.
 */
final class ChatMember {
    final Conn conn;
    final LineFramer framer;
    final Outbox outbox;
    /** Guarded by the room's lock. */
    String name;
    /** Set once this member quit, sent a line too long, or hung up: its later input is ignored. */
    volatile boolean leaving;

    ChatMember(Conn conn, LineFramer framer, Outbox outbox) {
        this.conn = conn;
        this.framer = framer;
        this.outbox = outbox;
    }

    /** Queues {@code line} plus a newline for this member; false if it is too slow to take more. */
    boolean send(String line) {
        return outbox.offer(encode(line));
    }

    static byte[] encode(String line) {
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "chat member " + conn.id();
    }
}
