package org.iomodels.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.iomodels.server.Conn;
import org.iomodels.server.ConnStats;
import org.iomodels.server.Handler;
import org.iomodels.server.SyscallCounters;
import org.iomodels.server.SyscallCounters.Kind;

/**
 * A connection of an event loop, whatever the readiness mechanism: the write queue,
 * backpressure, the half-close and close rules, and the calls into the {@link Handler}. A
 * subclass moves bytes ({@link #transportRead}, {@link #transportWrite},
 * {@link #transportSendFile}) and tells its mechanism what to watch ({@link #applyInterest}).
 * The {@link WriteQueue} holds written buffers and files in order.
 *
 * <p>State is owned by the loop thread. Other threads' calls become loop tasks; only the queue's
 * pending count (for {@link #isWritable}) and {@link #open} are read across threads.
 */
abstract class LoopConn implements Conn {
    static final int READ = 1;
    static final int WRITE = 2;

    final EventLoop loop;
    final long id;
    private final Handler handler;
    private final WriteQueue queue;
    /**
     * Writes from other threads handed to the loop and not yet queued. While there are any, the
     * loop thread's own writes, shutdowns and closes go behind them through the task queue too
     * (it is FIFO), so what happened before stays before: nothing is reordered or dropped.
     */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int highWater;
    private final int lowWater;
    private int interest;
    private volatile boolean open = true;
    private boolean opened;
    private boolean inputClosed;
    private boolean readPaused;
    private boolean closeAfterFlush;
    private boolean shutdownAfterFlush;
    private boolean outputShutdown;
    private volatile Object attachment;
    long lastActive = System.nanoTime();
    private long bytesIn;
    private long bytesOut;
    private long messages;
    private long writes;

    LoopConn(EventLoop loop, long id) {
        this.loop = loop;
        this.id = id;
        this.handler = loop.server.handler;
        this.queue = new WriteQueue(loop);
        this.highWater = loop.server.config.writeHighWater();
        this.lowWater = loop.server.config.writeLowWater();
    }

    /** Reads into the loop's buffer: bytes read, 0 at end of stream, -1 if nothing is there. */
    abstract int transportRead() throws IOException;

    /** Writes from {@code src}, advancing its position: bytes written, 0 if the socket is full. */
    abstract int transportWrite(ByteBuffer src) throws IOException;

    /** Opens {@code file} the way {@link #transportSendFile} sends it. The calling thread, any. */
    abstract FileRegion openFile(Path file, long position, long count) throws IOException;

    /**
     * Sends from {@code region} (remaining > 0), advancing it: bytes sent, 0 if the socket is
     * full. Throws {@link ShortFileException} if the file ends before the region does.
     */
    abstract long transportSendFile(FileRegion region) throws IOException;

    abstract void transportShutdownOutput() throws IOException;

    /** Stops watching and closes the socket. */
    abstract void transportClose();

    /** Tells the mechanism to watch {@code interest} (READ and/or WRITE, or nothing). */
    abstract void applyInterest(int interest) throws IOException;

    /** Called on the loop once the connection is registered. */
    final void opened() {
        opened = true;
        loop.conns.add(this);
        updateInterest();
        try {
            handler.onOpen(this);
        } catch (RuntimeException | Error e) {
            handlerFailed("onOpen", e);
        }
    }

    /** The mechanism says: {@code ready} (READ/WRITE bits); {@code hangup} if the peer is gone both ways. */
    final void onReady(int ready, boolean hangup) {
        try {
            dispatch(ready, hangup);
        } catch (RuntimeException | Error e) {
            // A bug or a resource failure in one connection's path ends that connection, not the loop.
            loop.server.log("connection " + id + " failed: " + e);
            closeNow(e);
        }
    }

    private void dispatch(int ready, boolean hangup) {
        if ((ready & WRITE) != 0 && open) {
            flush();
        }
        if ((ready & READ) != 0 && open && (interest & READ) != 0) {
            onReadable();
        } else if (hangup && open && (interest & READ) == 0) {
            // Not reading (paused or input closed) yet told the peer is gone: a level-triggered
            // mechanism would report this forever, so end it here.
            closeNow(new IOException("peer hung up"));
        }
    }

    /** Notes activity for the idle timeout; without one, no clock read on the hot path. */
    private void touch() {
        if (loop.idleTimeoutEnabled()) {
            lastActive = System.nanoTime();
        }
    }

    private void onReadable() {
        int n;
        try {
            n = transportRead();
        } catch (IOException e) {
            closeNow(e);
            return;
        }
        if (n > 0) {
            touch();
            bytesIn += n;
            messages++;
            ByteBuffer data = loop.readBuffer().clear().limit(n);
            try {
                handler.onData(this, data);
            } catch (RuntimeException | Error e) {
                handlerFailed("onData", e);
            }
        } else if (n == 0) {
            inputClosed = true;
            updateInterest();
            try {
                handler.onInputClosed(this);
            } catch (RuntimeException | Error e) {
                handlerFailed("onInputClosed", e);
            }
        }
    }

    @Override
    public final void write(ByteBuffer data) {
        int n = data.remaining();
        if (n == 0) {
            return;
        }
        if (!loop.inLoop() || inFlight.get() > 0) {
            handOver(WriteQueue.copyOf(data), n);
            return;
        }
        if (!acceptsOutput()) {
            data.position(data.limit()); // written after close/shutdown: nowhere to go, as with a closed socket
            return;
        }
        queue.count(n);
        if (queue.isEmpty()) {
            writeNow(data); // the common case: the socket takes it all, nothing is copied
            if (!open) {
                queue.count(-data.remaining()); // the write failed and closed: what is left leaves the count
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
        }
        queue.add(WriteQueue.copyOf(data));
        afterQueued();
    }

    @Override
    public final void sendFile(Path file, long position, long count) throws IOException {
        FileRegion.checkRange(position, count);
        FileRegion region;
        long t0 = SyscallCounters.sampledStart();
        try {
            region = openFile(file, position, count);
        } finally {
            if (loop.inLoop()) { // the counters are the loop thread's alone
                loop.counters.countSampled(Kind.OTHER, t0);
            }
        }
        if (count == 0) {
            queue.discard(region); // nothing to send: order does not matter
        } else if (!loop.inLoop() || inFlight.get() > 0) {
            handOver(region, count);
        } else if (!acceptsOutput()) {
            queue.discard(region); // as a write after close/shutdown
        } else {
            queue.count(count);
            offer(region);
        }
    }

    /** Gives {@code item} ({@code n} bytes) to the loop thread, behind what was handed over before. Any thread. */
    private void handOver(Object item, long n) {
        queue.count(n);
        inFlight.incrementAndGet();
        loop.execute(() -> enqueue(item));
    }

    private boolean acceptsOutput() {
        return open && !closeAfterFlush && !shutdownAfterFlush;
    }

    private void enqueue(Object item) {
        inFlight.decrementAndGet();
        if (!acceptsOutput()) {
            queue.count(-FileRegion.remaining(item));
            queue.discard(item);
            return;
        }
        offer(item);
    }

    /** Sends what the socket takes of {@code item} (counted in pending) if nothing is queued, and queues the rest. */
    private void offer(Object item) {
        if (queue.isEmpty()) {
            writeNow(item);
            if (!open || FileRegion.remaining(item) == 0) {
                queue.count(-FileRegion.remaining(item)); // 0 unless the send failed and closed
                queue.discard(item);
                return;
            }
        }
        queue.add(item);
        afterQueued();
    }

    private void writeNow(Object item) {
        if (FileRegion.remaining(item) == 0) {
            return;
        }
        try {
            long n = item instanceof ByteBuffer src ? transportWrite(src) : transportSendFile((FileRegion) item);
            if (n > 0) {
                queue.count(-n);
                bytesOut += n;
                writes++;
                touch();
            }
        } catch (IOException e) {
            closeNow(e);
        }
    }

    private void afterQueued() {
        if (!readPaused && queue.pending() > highWater) {
            readPaused = true; // backpressure: read no more from this peer until the queue drains
        }
        updateInterest();
    }

    private void flush() {
        while (!queue.isEmpty() && open) {
            Object head = queue.head();
            writeNow(head);
            if (FileRegion.remaining(head) > 0 || !open) {
                break;
            }
            queue.removeHead();
        }
        if (!open) {
            return;
        }
        if (queue.isEmpty()) {
            if (closeAfterFlush) {
                closeNow(null);
                return;
            }
            if (shutdownAfterFlush && !outputShutdown) {
                shutdownNow();
            }
        }
        if (readPaused && queue.pending() <= lowWater) {
            readPaused = false;
            updateInterest();
            try {
                handler.onDrained(this);
            } catch (RuntimeException | Error e) {
                handlerFailed("onDrained", e);
            }
        }
        updateInterest();
    }

    private void shutdownNow() {
        outputShutdown = true;
        try {
            transportShutdownOutput();
        } catch (IOException e) {
            closeNow(e);
            return;
        }
        if (inputClosed) {
            closeNow(null); // both directions done
        }
    }

    private void updateInterest() {
        if (!open || !opened) {
            return;
        }
        int want = (inputClosed || readPaused ? 0 : READ) | (queue.isEmpty() ? 0 : WRITE);
        if (want != interest) {
            try {
                applyInterest(want);
                interest = want;
            } catch (IOException e) {
                closeNow(e);
            }
        }
    }

    @Override
    public final boolean isWritable() {
        return queue.pending() <= highWater;
    }

    @Override
    public final long pendingBytes() {
        return queue.pending();
    }

    @Override
    public final void shutdownOutput() {
        if (!loop.inLoop() || inFlight.get() > 0) {
            // Behind the writes already handed over; later ones may land either side, as with any race.
            loop.execute(this::shutdownOnLoop);
            return;
        }
        shutdownOnLoop();
    }

    private void shutdownOnLoop() {
        if (!open || shutdownAfterFlush) {
            return;
        }
        shutdownAfterFlush = true;
        if (queue.isEmpty()) {
            shutdownNow();
        }
    }

    @Override
    public final void close() {
        if (!loop.inLoop() || inFlight.get() > 0) {
            loop.execute(this::closeOnLoop);
            return;
        }
        closeOnLoop();
    }

    private void closeOnLoop() {
        if (!open) {
            return;
        }
        closeAfterFlush = true;
        if (queue.isEmpty()) {
            closeNow(null);
        }
    }

    @Override
    public final void abort() {
        if (!loop.inLoop()) {
            loop.execute(this::abort);
            return;
        }
        closeNow(null);
    }

    /** Closes at once and tells the handler, once. Loop thread only. */
    final void closeNow(Throwable cause) {
        if (!open) {
            return;
        }
        open = false;
        loop.conns.remove(this);
        transportClose();
        queue.dropAll();
        loop.server.closedOne();
        if (opened) {
            loop.server.notifyClosed(this, cause);
        }
    }

    private void handlerFailed(String callback, Throwable e) {
        loop.server.log("handler." + callback + " threw " + e + "; closing connection " + id);
        closeNow(e);
    }

    @Override
    public final long id() {
        return id;
    }

    @Override
    public final boolean isOpen() {
        return open;
    }

    @Override
    public final Object attachment() {
        return attachment;
    }

    @Override
    public final void attach(Object attachment) {
        this.attachment = attachment;
    }

    @Override
    public final ConnStats stats() {
        return new ConnStats(bytesIn, bytesOut, messages, writes);
    }
}
