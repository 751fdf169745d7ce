package org.iomodels.protocol;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.iomodels.server.Conn;

/**
 * A per-connection delivery queue in front of {@link Conn#write}: producers on any thread add
 * lines without ever blocking, and one drain task at a time (on the given executor) hands them to
 * the connection in order, batched. It exists because a thread-per-connection engine's
 * {@code write} blocks while the peer does not read: a chat room must not stall the talker
 * whose line is being delivered to a member that stopped reading.
 *
 * <p>What is queued here plus what the connection has queued ({@link Conn#pendingBytes}) is
 * bounded: {@link #offer} refuses a line that would pass the limit, and the caller drops the
 * member.
 */
final class Outbox {
    private static final int BATCH = 64 * 1024;

    private final Conn conn;
    private final Executor executor;
    private final long limit;
    private final ArrayDeque<byte[]> lines = new ArrayDeque<>(); // guarded by this
    private long queuedBytes; // guarded by this
    private boolean draining; // guarded by this
    private boolean closeWhenDrained; // guarded by this
    private boolean discarded; // guarded by this

    Outbox(Conn conn, Executor executor, long limit) {
        this.conn = conn;
        this.executor = executor;
        this.limit = limit;
    }

    /**
     * Queues {@code line} (which must not be changed afterwards) for delivery. False if the
     * connection already holds more than the limit unread: the member is too slow. A line
     * offered after {@link #closeWhenDrained} or {@link #discard} is dropped (and true returned).
     */
    boolean offer(byte[] line) {
        synchronized (this) {
            if (discarded || closeWhenDrained) {
                return true;
            }
            if (queuedBytes + conn.pendingBytes() + line.length > limit) {
                return false;
            }
            lines.add(line);
            queuedBytes += line.length;
            if (draining) {
                return true;
            }
            draining = true;
        }
        executor.execute(this::drain);
        return true;
    }

    /**
     * Closes the connection once every line queued so far has been handed to it; later offers
     * are dropped. The close is always made by a drain task, after the last write and from the
     * executor too: an event-loop engine runs another thread's write as a loop task, and a close
     * made on the loop itself could overtake that task and drop the last lines.
     */
    void closeWhenDrained() {
        synchronized (this) {
            if (discarded || closeWhenDrained) {
                return;
            }
            closeWhenDrained = true;
            if (draining) {
                return; // the running drain task closes when it finds the queue empty
            }
            draining = true;
        }
        executor.execute(this::drain);
    }

    /** Drops what is queued and every later line (the connection is gone or being aborted). */
    synchronized void discard() {
        discarded = true;
        lines.clear();
        queuedBytes = 0;
    }

    /** Hands queued lines to the connection until none is left; runs on the executor. */
    private void drain() {
        while (true) {
            byte[] batch;
            synchronized (this) {
                batch = takeBatch();
                if (batch == null) {
                    draining = false;
                    if (!closeWhenDrained || discarded) {
                        return;
                    }
                }
            }
            if (batch == null) {
                conn.close();
                return;
            }
            conn.write(batch);
        }
    }

    /** Up to {@link #BATCH} bytes of whole lines as one array (a longer line alone), or null if none. */
    private byte[] takeBatch() {
        if (discarded || lines.isEmpty()) {
            return null;
        }
        int size = 0;
        int count = 0;
        for (byte[] line : lines) {
            if (count > 0 && size + line.length > BATCH) {
                break;
            }
            size += line.length;
            count++;
        }
        byte[] batch = count == 1 ? lines.poll() : new byte[size];
        if (count > 1) {
            for (int i = 0, off = 0; i < count; i++) {
                byte[] line = lines.poll();
                System.arraycopy(line, 0, batch, off, line.length);
                off += line.length;
            }
        }
        queuedBytes -= size;
        return batch;
    }
}
