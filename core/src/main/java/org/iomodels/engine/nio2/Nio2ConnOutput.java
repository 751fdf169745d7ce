package org.iomodels.engine.nio2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.file.Path;
import java.util.ArrayDeque;
import org.iomodels.engine.base.FileRegion;
import org.iomodels.sys.Syscall;
import org.iomodels.sys.SyscallProbe;

/**
 * The write chain of a {@link Nio2Conn} on an {@link AsynchronousSocketChannel}: one write
 * outstanding at a time, the rest queued behind it, each completion starting the next. It is the
 * completion handler of its own writes. Past the high-water mark it pauses reading (the
 * connection issues no next read) until the queue drains; a shutdown or close waits for the write
 * in flight and the queue.
 *
 * <p>Files: the JDK has no transfer path to an asynchronous channel (transferTo takes a
 * {@code WritableByteChannel}, which AsynchronousSocketChannel is not), so a queued file is sent
 * as mapped windows ({@link AsyncFileWindow}) written with the channel's asynchronous write.
 *
 * <p>Completions arrive on any group thread and writes come from any thread: the queue is the lock
 * for everything marked "guarded by queue", the connection's reader included.
 */
final class Nio2ConnOutput implements CompletionHandler<Integer, ByteBuffer> {
    private final Nio2Conn conn;
    private final Nio2Server server;
    private final AsynchronousSocketChannel channel;
    private volatile long bytesOut;   // counted by one completion at a time (one write in flight), read by stats() on any thread
    private volatile long writes;
    private final ArrayDeque<Object> queue = new ArrayDeque<>(); // ByteBuffers and FileRegions, guarded by itself
    private boolean writing;          // guarded by queue
    private boolean readPaused;       // guarded by queue
    private boolean drainedLater;     // guarded by queue: onDrained is due once the handler call under way returns
    private boolean closeAfterFlush;  // guarded by queue
    private boolean shutdownAfterFlush; // guarded by queue
    private long pending;             // guarded by queue
    private final AsyncFileWindow window = new AsyncFileWindow(); // the write chain's alone

    Nio2ConnOutput(Nio2Conn conn, Nio2Server server, AsynchronousSocketChannel channel) {
        this.conn = conn;
        this.server = server;
        this.channel = channel;
    }

    @Override
    public void completed(Integer n, ByteBuffer buffer) {
        server.threadProbe().end(Syscall.WRITE, -1, n, SyscallProbe.UNTIMED);
        server.threadCounters().sent(n);
        bytesOut += n;
        writes++;
        if (!buffer.hasRemaining() || !conn.isOpen()) {
            window.release(server.threadProbe()); // the write that read it is over
        }
        if (!conn.isOpen()) { // the queue is gone with its files
            return;
        }
        Object next;
        boolean resume = false;
        boolean closeNow;
        boolean shutdownNow;
        synchronized (queue) {
            pending -= n;
            next = nextAfter(n, buffer);
            writing = next != null;
            if (readPaused && pending <= server.config().writeLowWater()) {
                readPaused = false;
                resume = true;
            }
            closeNow = next == null && closeAfterFlush;
            shutdownNow = next == null && shutdownAfterFlush;
        }
        if (next != null) {
            startWrite(next);
        } else if (closeNow) {
            conn.closeWith(null);
            return;
        } else if (shutdownNow) {
            shutdownChannel();
        }
        if (resume) {
            conn.resume();
        }
    }

    @Override
    public void failed(Throwable e, ByteBuffer buffer) {
        server.threadProbe().end(Syscall.WRITE, -1, SyscallProbe.FAILED, SyscallProbe.UNTIMED);
        window.release(server.threadProbe());
        conn.closeWith(e);
    }

    /**
     * What to write after {@code n} bytes of {@code buffer} went: the rest of it, the next window
     * of the file at the head, or the next item. Guarded by queue.
     */
    private Object nextAfter(int n, ByteBuffer buffer) {
        Object head = queue.peek();
        if (head instanceof FileRegion region) {
            region.advance(n);
        }
        if (buffer.hasRemaining()) {
            return buffer;
        }
        if (head instanceof FileRegion region && region.remaining > 0) {
            return region;
        }
        queue.poll();
        FileRegion.discard(head);
        return queue.peek();
    }

    /** Writes {@code item}: a buffer as it is, a file region as its next mapped window. */
    private void startWrite(Object item) {
        ByteBuffer buffer;
        try {
            buffer = item instanceof ByteBuffer b ? b : window.map((FileRegion.Fd) item, queue, server.threadProbe());
        } catch (IOException | RuntimeException e) {
            conn.closeWith(e); // a short file, or the connection closed under us
            return;
        }
        try {
            channel.write(buffer, buffer, this);
        } catch (RuntimeException e) { // the group is shutting down
            window.release(server.threadProbe());
            conn.closeWith(e);
        }
    }

    void write(ByteBuffer data) {
        if (!data.hasRemaining()) {
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
        enqueue(copy, copy.remaining()); // written after close or shutdown: nowhere to go, as with a closed socket
    }

    void sendFile(Path file, long position, long count) throws IOException {
        FileRegion region = FileRegion.openFd(file, position, count, server.threadProbe());
        if (count == 0 || !enqueue(region, count)) {
            region.close(); // nothing to send, or the connection takes no more output
        }
    }

    /** Queues {@code item} ({@code n} bytes), writing it at once if nothing is being written; false if output is over. */
    private boolean enqueue(Object item, long n) {
        boolean start;
        synchronized (queue) {
            if (!conn.isOpen() || closeAfterFlush || shutdownAfterFlush) {
                return false;
            }
            queue.add(item);
            pending += n;
            if (pending > server.config().writeHighWater()) {
                readPaused = true; // the next read is not issued until the queue drains
            }
            start = !writing;
            writing = true;
        }
        if (start) {
            startWrite(item);
        }
        return true;
    }

    boolean isWritable() {
        synchronized (queue) {
            return pending <= server.config().writeHighWater();
        }
    }

    long pendingBytes() {
        synchronized (queue) {
            return pending;
        }
    }

    /** Backpressure is on: the connection issues no next read. Any thread. */
    boolean readPaused() {
        synchronized (queue) {
            return readPaused;
        }
    }

    /** Notes that onDrained is due once the handler call under way returns. Any thread. */
    void drainLater() {
        synchronized (queue) {
            drainedLater = true;
        }
    }

    /** Whether a deferred onDrained is due, forgetting it. Any thread. */
    boolean takeDrainDue() {
        synchronized (queue) {
            boolean due = drainedLater;
            drainedLater = false;
            return due;
        }
    }

    /** Sends end of stream once the queue is written: a write still in flight must not be cut short. */
    void shutdownOutput() {
        boolean now;
        synchronized (queue) {
            if (shutdownAfterFlush) {
                return;
            }
            shutdownAfterFlush = true;
            now = !writing;
        }
        if (now) {
            shutdownChannel();
        }
    }

    private void shutdownChannel() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            conn.closeWith(e);
        }
    }

    void close() {
        boolean now;
        synchronized (queue) {
            closeAfterFlush = true;
            now = !writing;
        }
        if (now) {
            conn.closeWith(null);
        }
    }

    /** The connection has closed: drops the queue, closing its files. Any thread. */
    void dropAll() {
        synchronized (queue) {
            queue.forEach(FileRegion::discard);
            queue.clear();
            pending = 0;
        }
    }

    long bytesOut() {
        return bytesOut;
    }

    long writes() {
        return writes;
    }
}
