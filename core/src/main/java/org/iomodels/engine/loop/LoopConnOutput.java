package org.iomodels.engine.loop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.iomodels.engine.base.FileRegion;
import org.iomodels.server.ServerConfig;
import org.iomodels.sys.Syscall;
import org.iomodels.sys.SyscallProbe;

/**
 * The output of a {@link LoopConn}: a write queue sent as the socket takes it and flushed when
 * the readiness mechanism reports it writable, backpressure past the high-water mark, the
 * shutdown and close that wait for the queue to drain, and the hand-over of other threads' writes
 * to the loop. The {@link WriteQueue} holds written buffers and files in order; the connection
 * moves the bytes ({@link LoopConn#transportWrite}, {@link LoopConn#transportSendFile}), watches
 * what {@link LoopConn#updateInterest} asks and makes the handler calls.
 *
 * <p>State is owned by the loop thread, as the connection's is. Other threads' calls become loop
 * tasks; only the queue's pending count (for {@link #isWritable}) and {@link #inFlight} are used
 * across threads.
 */
public final class LoopConnOutput {
    private final OutputTransport conn;
    private final OutputOwner loop;
    private final WriteQueue queue;
    /**
     * Writes from other threads handed to the loop and not yet queued. While there are any, the
     * loop thread's own writes, shutdowns and closes go behind them through the task queue too
     * (it is FIFO), so what happened before stays before: nothing is reordered or dropped.
     */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int highWater;
    private final int lowWater;
    private boolean readPaused;
    private boolean closeAfterFlush;
    private boolean shutdownAfterFlush;
    private boolean outputShutdown;
    private long bytesOut;
    private long writes;

    public LoopConnOutput(OutputTransport conn, OutputOwner loop, ServerConfig config) {
        this.conn = conn;
        this.loop = loop;
        this.queue = new WriteQueue(loop);
        this.highWater = config.writeHighWater();
        this.lowWater = config.writeLowWater();
    }

    public void write(ByteBuffer data) {
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
            if (!conn.isOpen()) {
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

    public void sendFile(Path file, long position, long count) throws IOException {
        FileRegion.checkRange(position, count);
        SyscallProbe probe = loop.inLoop() ? loop.probe() : SyscallProbe.NONE; // the counters are the loop thread's alone
        long t = probe.start(Syscall.OPEN);
        FileRegion region = null;
        try {
            region = conn.openFile(file, position, count);
        } finally {
            probe.end(Syscall.OPEN, -1, region == null ? SyscallProbe.FAILED : 0, t);
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
        boolean overHigh = queue.pending() > highWater; // the caller may now see isWritable() == false: a drain must follow
        inFlight.incrementAndGet();
        loop.execute(() -> enqueue(item, overHigh));
    }

    private boolean acceptsOutput() {
        return conn.isOpen() && !closeAfterFlush && !shutdownAfterFlush;
    }

    /**
     * On the loop: {@code item}, handed over by another thread, joins the queue. If the count
     * passed the high-water mark when it was handed over, backpressure is on from here, even if the
     * socket takes the whole item now: its writer was told {@code isWritable() == false} and waits
     * for {@code onDrained}.
     */
    private void enqueue(Object item, boolean overHigh) {
        inFlight.decrementAndGet();
        if (!acceptsOutput()) {
            queue.count(-FileRegion.remaining(item));
            queue.discard(item);
            return;
        }
        if (overHigh && !readPaused) {
            readPaused = true;
            conn.updateInterest();
        }
        offer(item);
        if (queue.isEmpty()) {
            drainedIfLow(); // nothing queued, so no flush would come to say so
        }
    }

    /** Sends what the socket takes of {@code item} (counted in pending) if nothing is queued, and queues the rest. */
    private void offer(Object item) {
        if (queue.isEmpty()) {
            writeNow(item);
            if (!conn.isOpen() || FileRegion.remaining(item) == 0) {
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
            long n = item instanceof ByteBuffer src ? conn.transportWrite(src) : conn.transportSendFile((FileRegion) item);
            if (n > 0) {
                queue.count(-n);
                bytesOut += n;
                writes++;
                conn.touch();
            }
        } catch (IOException e) {
            conn.closeNow(e);
        }
    }

    private void afterQueued() {
        if (!readPaused && queue.pending() > highWater) {
            readPaused = true; // backpressure: read no more from this peer until the queue drains
        }
        conn.updateInterest();
    }

    /** The socket is writable: sends the queue's head onwards, then whatever waited for the queue to drain. */
    public void flush() {
        while (!queue.isEmpty() && conn.isOpen()) {
            Object head = queue.head();
            writeNow(head);
            if (FileRegion.remaining(head) > 0 || !conn.isOpen()) {
                break;
            }
            queue.removeHead();
        }
        if (!conn.isOpen()) {
            return;
        }
        if (queue.isEmpty()) {
            if (closeAfterFlush) {
                conn.closeNow(null);
                return;
            }
            if (shutdownAfterFlush && !outputShutdown) {
                shutdownNow();
            }
        }
        drainedIfLow();
        conn.updateInterest();
    }

    /** Backpressure ends once the count is at the low-water mark or below: the handler hears onDrained. */
    private void drainedIfLow() {
        if (readPaused && queue.pending() <= lowWater && conn.isOpen()) {
            readPaused = false;
            conn.updateInterest();
            conn.drained();
        }
    }

    private void shutdownNow() {
        outputShutdown = true;
        try {
            conn.transportShutdownOutput();
        } catch (IOException e) {
            conn.closeNow(e);
            return;
        }
        if (conn.isInputClosed()) {
            conn.closeNow(null); // both directions done
        }
    }

    public boolean isWritable() {
        return queue.pending() <= highWater;
    }

    public long pendingBytes() {
        return queue.pending();
    }

    /** Something is queued: the connection watches for writability. Loop thread. */
    public boolean hasQueued() {
        return !queue.isEmpty();
    }

    /** Backpressure is on: the connection reads no more until the queue drains. Loop thread. */
    public boolean readPaused() {
        return readPaused;
    }

    public void shutdownOutput() {
        if (!loop.inLoop() || inFlight.get() > 0) {
            // Behind the writes already handed over; later ones may land either side, as with any race.
            loop.execute(this::shutdownOnLoop);
            return;
        }
        shutdownOnLoop();
    }

    private void shutdownOnLoop() {
        if (!conn.isOpen() || shutdownAfterFlush) {
            return;
        }
        shutdownAfterFlush = true;
        if (queue.isEmpty()) {
            shutdownNow();
        }
    }

    public void close() {
        if (!loop.inLoop() || inFlight.get() > 0) {
            loop.execute(this::closeOnLoop);
            return;
        }
        closeOnLoop();
    }

    private void closeOnLoop() {
        if (!conn.isOpen()) {
            return;
        }
        closeAfterFlush = true;
        if (queue.isEmpty()) {
            conn.closeNow(null);
        }
    }

    /** The connection has closed: drops what is queued (see {@link WriteQueue#dropAll}). Loop thread. */
    public void dropAll() {
        queue.dropAll();
    }

    public long bytesOut() {
        return bytesOut;
    }

    public long writes() {
        return writes;
    }
}
