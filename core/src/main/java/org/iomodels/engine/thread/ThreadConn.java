package org.iomodels.engine.thread;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.iomodels.engine.base.SerialTasks;
import org.iomodels.engine.base.ServerTimer;
import org.iomodels.engine.base.FileRegion;
import org.iomodels.server.Conn;
import org.iomodels.server.ConnStats;
import org.iomodels.sys.SyscallCounters;
import org.iomodels.sys.SyscallProbe;

/**
 * A connection of a thread-per-connection engine. Writes and file sends are blocking and
 * synchronous, from any thread, serialized by a lock: a peer that does not read blocks the writer
 * in {@code send} or {@code sendfile}, which is this model's backpressure (nothing is queued, so
 * memory stays bounded). The connection's own thread reads and calls the handler; it alone
 * releases the socket. A write or file send that fails ends the connection, with that failure
 * as the cause its thread reports.
 */
final class ThreadConn implements Conn {
    private final ThreadServer server;
    private final BlockingIo.Connection io;
    private final long id;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Held by whoever calls the handler: the connection's thread, or a {@link #callLater} task's. */
    final ReentrantLock handlerLock = new ReentrantLock();
    private final SerialTasks dueTasks;
    /** Counts the writes, whichever thread makes them; guarded by writeLock. */
    final SyscallCounters writeCounters;
    private final SyscallProbe writeProbe;
    private volatile boolean open = true;
    private volatile boolean closeRequested;
    private boolean outputShut;        // guarded by writeLock
    private volatile Throwable failure; // what ended the connection from the writing side, if anything did
    private volatile long writing;
    /** Set by the connection's thread while it waits in read for the peer. */
    volatile boolean inRead;
    private volatile Object attachment;
    volatile long bytesIn;
    volatile long messages;
    private long bytesOut;
    private long writes;

    ThreadConn(ThreadServer server, BlockingIo.Connection io, long id, SyscallCounters writeCounters) {
        this.server = server;
        this.io = io;
        this.id = id;
        this.writeCounters = writeCounters;
        this.writeProbe = server.probe(writeCounters);
        // A task may block in a write to a peer that does not read: on the raw engine that is a
        // native send, which would pin a virtual thread's carrier, so a platform thread runs it.
        Thread.Builder runner = server.model() == org.iomodels.server.IoModel.VIRTUAL
                ? Thread.ofVirtual().name("iomodels-conn-" + id + "-tasks")
                : Thread.ofPlatform().daemon().name("iomodels-conn-" + id + "-tasks");
        this.dueTasks = new SerialTasks(runner, this::runTask);
    }

    @Override
    public void write(ByteBuffer data) {
        if (!data.hasRemaining()) {
            return;
        }
        writeLock.lock();
        try {
            if (!open || closeRequested || outputShut) {
                data.position(data.limit()); // after close or shutdown: nowhere to go, as with a closed socket
                return;
            }
            int n = data.remaining();
            writing = n;
            io.writeFully(data, writeProbe);
            writeCounters.sent(n);
            bytesOut += n;
            writes++;
        } catch (IOException e) {
            failed(e);
        } finally {
            writing = 0;
            writeLock.unlock();
        }
    }

    @Override
    public void sendFile(Path file, long position, long count) throws IOException {
        writeLock.lock();
        try {
            FileRegion region = io.openFile(file, position, count, writeProbe); // its failure is the caller's
            try {
                if (count > 0 && open && !closeRequested && !outputShut) {
                    writing = count;
                    io.sendFile(region, writeProbe);
                    writes++;
                }
            } catch (IOException e) {
                failed(e);
            } finally {
                bytesOut += count - region.remaining;
                writeCounters.sent(count - region.remaining);
                writing = 0;
                region.close();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The server's timer thread waits out the delay; a thread of the connection's own then runs
     * the due tasks in order, holding the handler lock (the connection's thread sits in read): a
     * task that blocks, in a write to a peer that does not read, blocks only this connection.
     */
    @Override
    public void callLater(Duration delay, Runnable task) {
        server.timer.schedule(ServerTimer.delayNanos(delay, task), () -> dueTasks.add(task));
    }

    private void runTask(Runnable task) {
        handlerLock.lock();
        try {
            if (isOpen()) {
                task.run();
            }
        } catch (RuntimeException | Error e) {
            server.log("handler.callLater task threw " + e + "; closing connection " + id);
            failed(e);
        } finally {
            handlerLock.unlock();
        }
    }

    /** The peer is gone, the file was short, or a task threw: end this connection; its thread reports {@code e}. */
    private void failed(Throwable e) {
        if (failure == null) {
            failure = e;
        }
        closeRequested = true;
        io.wake();
    }

    /** What ended the connection from the writing side, or null. */
    Throwable failure() {
        return failure;
    }

    @Override
    public boolean isWritable() {
        return writing <= server.config().writeHighWater();
    }

    @Override
    public long pendingBytes() {
        return writing;
    }

    @Override
    public void shutdownOutput() {
        writeLock.lock();
        try {
            if (open && !closeRequested && !outputShut) {
                outputShut = true;
                io.shutdownOutput();
            }
        } catch (IOException e) {
            failed(e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Writes are synchronous, so nothing is queued: closing is ending the connection's thread. */
    @Override
    public void close() {
        closeRequested = true;
        io.wake();
    }

    @Override
    public void abort() {
        closeRequested = true;
        io.abort();
    }

    boolean closeRequested() {
        return closeRequested;
    }

    /** Its thread waits for the peer in read and nothing is being written: no work in progress. */
    boolean idle() {
        return inRead && writing == 0;
    }

    /** The connection's thread, at its end: no write may touch the socket afterwards. */
    void release() {
        writeLock.lock();
        try {
            open = false;
            io.close();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public boolean isOpen() {
        return open && !closeRequested;
    }

    @Override
    public InetSocketAddress localAddress() {
        return io.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return io.remoteAddress();
    }

    @Override
    public Object attachment() {
        return attachment;
    }

    @Override
    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    @Override
    public ConnStats stats() {
        return new ConnStats(bytesIn, bytesOut, messages, writes);
    }

    @Override
    public String toString() {
        return "conn " + id + " (" + io.remoteAddress() + ")";
    }
}
