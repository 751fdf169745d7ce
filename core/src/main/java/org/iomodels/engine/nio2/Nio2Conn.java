package org.iomodels.engine.nio2;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.iomodels.engine.base.AdaptiveReadSize;
import org.iomodels.server.Conn;
import org.iomodels.server.ConnStats;
import org.iomodels.server.Handler;
import org.iomodels.server.IdleTimeoutException;
import org.iomodels.sys.Syscall;
import org.iomodels.sys.SyscallProbe;

/**
 * A connection on an {@link AsynchronousSocketChannel}: one read outstanding at a time (each
 * holding its own buffer, the memory cost of this model, so sized by {@link AdaptiveReadSize}:
 * 2 KiB while idle, up to 64 KiB for a bulk stream), and one
 * write, with the rest queued behind it (the write chain, files included, is a
 * {@link Nio2ConnOutput}). Completions arrive on any group thread, so handler
 * calls are serialized by a lock to keep the promise that one connection's calls never overlap.
 */
final class Nio2Conn implements Conn {
    private final Nio2Server server;
    private final AsynchronousSocketChannel channel;
    private final long id;
    private final Handler handler;
    private final AdaptiveReadSize readSize = new AdaptiveReadSize();
    private ByteBuffer readBuffer = ByteBuffer.allocateDirect(readSize.size()); // the reader's only
    private final ReentrantLock handlerLock = new ReentrantLock();
    private final org.iomodels.engine.base.SerialTasks dueTasks = new org.iomodels.engine.base.SerialTasks(
            Thread.ofVirtual().name("iomodels-jdk-nio2-tasks"), t -> callHandler("callLater task", t));
    /** onOpen was called, so onClose is due. Guarded by handlerLock: start and closeWith can race when the server closes. */
    private boolean opened;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** A read is outstanding or its data is with the handler: the buffer is in use, no second read. */
    private final AtomicBoolean reading = new AtomicBoolean();
    private final Nio2ConnOutput output;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private volatile Object attachment;
    private volatile long bytesIn;
    private volatile long messages;

    Nio2Conn(Nio2Server server, AsynchronousSocketChannel channel, long id) {
        this.server = server;
        this.channel = channel;
        this.id = id;
        this.handler = server.handler;
        this.output = new Nio2ConnOutput(this, server, channel);
        InetSocketAddress l = null;
        InetSocketAddress r = null;
        try {
            l = (InetSocketAddress) channel.getLocalAddress();
            r = (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            // reset before we asked: the first read reports it
        }
        this.local = l;
        this.remote = r;
    }

    void start() {
        handlerLock.lock();
        try {
            if (closed.get()) {
                return; // the server closed it before it started: the handler never hears of it, open or close
            }
            opened = true;
            handler.onOpen(this);
        } catch (RuntimeException | Error e) {
            handlerFailed("onOpen", e);
            return;
        } finally {
            handlerLock.unlock();
        }
        drainIfDue();
        readNext();
    }

    private void readNext() {
        if (closed.get() || !reading.compareAndSet(false, true)) {
            return;
        }
        if (readBuffer.capacity() != readSize.size()) { // the handler is done with the old one
            readBuffer = ByteBuffer.allocateDirect(readSize.size());
        }
        readBuffer.clear();
        var timeout = server.config().idleTimeout();
        if (timeout == null) {
            channel.read(readBuffer, null, reader);
        } else {
            channel.read(readBuffer, timeout.toMillis(), TimeUnit.MILLISECONDS, null, reader);
        }
    }

    private final CompletionHandler<Integer, Void> reader = new CompletionHandler<>() {
        @Override
        public void completed(Integer n, Void unused) {
            server.threadProbe().end(Syscall.READ, -1, Math.max(n, 0), SyscallProbe.UNTIMED); // -1 is read(2)'s 0
            if (n < 0) {
                callHandler("onInputClosed", () -> handler.onInputClosed(Nio2Conn.this));
                return;
            }
            server.threadCounters().received(n);
            readSize.record(n);
            bytesIn += n;
            messages++;
            readBuffer.flip();
            callHandler("onData", () -> handler.onData(Nio2Conn.this, readBuffer));
            reading.set(false); // before reading readPaused: a writer resuming after this reads for us
            if (!output.readPaused()) {
                readNext();
            }
        }

        @Override
        public void failed(Throwable e, Void unused) {
            server.threadProbe().end(Syscall.READ, -1, SyscallProbe.FAILED, SyscallProbe.UNTIMED);
            closeWith(e instanceof InterruptedByTimeoutException
                    ? new IdleTimeoutException(server.config().idleTimeout()) : e);
        }
    };

    /**
     * Reading may go on after a pause. When the JDK completed a write inline, inside a handler
     * call on this thread (a group thread's write may complete at once, in the same stack), that
     * call is still running: onDrained waits for it to return ({@link #drainIfDue}) and its
     * caller issues the next read, for the read buffer is still the handler's.
     */
    void resume() {
        if (handlerLock.isHeldByCurrentThread()) {
            output.drainLater();
            return;
        }
        callHandler("onDrained", () -> handler.onDrained(Nio2Conn.this));
        readNext();
    }

    /** Calls onDrained if a resume was deferred by a handler call that has now returned. */
    private void drainIfDue() {
        if (output.takeDrainDue()) {
            callHandler("onDrained", () -> handler.onDrained(Nio2Conn.this));
        }
    }

    @Override
    public void write(ByteBuffer data) {
        output.write(data);
    }

    @Override
    public void sendFile(Path file, long position, long count) throws IOException {
        output.sendFile(file, position, count);
    }

    /** The server's timer thread waits out the delay; a virtual thread runs the connection's due tasks in order, as handler calls. */
    @Override
    public void callLater(java.time.Duration delay, Runnable task) {
        long nanos = org.iomodels.engine.base.ServerTimer.delayNanos(delay, task);
        server.timer.schedule(nanos, () -> dueTasks.add(task));
    }

    private void callHandler(String name, Runnable call) {
        handlerLock.lock();
        try {
            if (!closed.get()) {
                call.run();
            }
        } catch (RuntimeException | Error e) {
            handlerFailed(name, e);
        } finally {
            handlerLock.unlock();
        }
        if (!handlerLock.isHeldByCurrentThread()) {
            drainIfDue();
        }
    }

    private void handlerFailed(String callback, Throwable e) {
        server.log("handler." + callback + " threw " + e + "; closing connection " + id);
        closeWith(e);
    }

    /** Closes at once and tells the handler, once. Any thread. */
    void closeWith(Throwable cause) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(channel);
        output.dropAll();
        handlerLock.lock();
        try {
            if (opened) {
                server.notifyClosed(this, cause);
            }
        } finally {
            handlerLock.unlock();
        }
        server.forget(this);
    }

    static void closeQuietly(AsynchronousSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // released whatever close reports
        }
    }

    @Override
    public boolean isWritable() {
        return output.isWritable();
    }

    @Override
    public long pendingBytes() {
        return output.pendingBytes();
    }

    /** Sends end of stream once the queue is written (see {@link Nio2ConnOutput#shutdownOutput}). */
    @Override
    public void shutdownOutput() {
        output.shutdownOutput();
    }

    @Override
    public void close() {
        output.close();
    }

    @Override
    public void abort() {
        closeWith(null);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
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
        return new ConnStats(bytesIn, output.bytesOut(), messages, output.writes());
    }
}
