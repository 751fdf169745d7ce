package org.iomodels.engine.loop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.iomodels.server.Conn;
import org.iomodels.server.ConnStats;
import org.iomodels.server.ServerConfig;

/**
 * What a connection whose output is a {@link LoopConnOutput} keeps the same on every engine that
 * has one ({@link LoopConn}, the {@code green} engine's): the output half of {@link Conn}, its id,
 * whether it is open, its attachment and its counts. A subclass reads, and closes
 * ({@link #closeNow}) on its owner's thread.
 */
public abstract class QueuedConn implements Conn, OutputTransport {
    public final long id;
    protected final LoopConnOutput output;
    private final OutputOwner owner;
    /** Written by the owner's thread in closeNow; read by any. */
    protected volatile boolean open = true;
    private volatile Object attachment;
    private long bytesIn;
    private long messages;

    protected QueuedConn(long id, OutputOwner owner, ServerConfig config) {
        this.id = id;
        this.owner = owner;
        this.output = new LoopConnOutput(this, owner, config);
    }

    /** A read returned {@code n} bytes (a message). The owner's thread. */
    public final void countRead(int n) {
        bytesIn += n;
        messages++;
    }

    @Override
    public final void callLater(java.time.Duration delay, Runnable task) {
        long nanos = org.iomodels.engine.base.ServerTimer.delayNanos(delay, task);
        owner.callLater(nanos, () -> {
            if (open) {
                taskDue(task);
            }
        });
    }

    /**
     * A {@link #callLater} task is due and the connection open: run it as a handler call (one
     * that throws is logged and closes the connection). The owner's thread.
     */
    protected abstract void taskDue(Runnable task);

    @Override
    public final void write(ByteBuffer data) {
        output.write(data);
    }

    @Override
    public final void sendFile(Path file, long position, long count) throws IOException {
        output.sendFile(file, position, count);
    }

    @Override
    public final boolean isWritable() {
        return output.isWritable();
    }

    @Override
    public final long pendingBytes() {
        return output.pendingBytes();
    }

    @Override
    public final void shutdownOutput() {
        output.shutdownOutput();
    }

    @Override
    public final void close() {
        output.close();
    }

    @Override
    public final void abort() {
        if (!owner.inLoop()) {
            owner.execute(this::abort);
            return;
        }
        closeNow(null);
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
        return new ConnStats(bytesIn, output.bytesOut(), messages, output.writes());
    }
}
