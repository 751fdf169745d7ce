package org.iomodels.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.InterruptedByTimeoutException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.iomodels.server.Conn;
import org.iomodels.server.ConnStats;
import org.iomodels.server.Handler;
import org.iomodels.server.SyscallCounters.Kind;

/**
 * A connection on an {@link AsynchronousSocketChannel}: one read outstanding at a time (each
 * holding its own buffer, the memory cost of this model, so sized by {@link AdaptiveReadSize}:
 * 2 KiB while idle, up to 64 KiB for a bulk stream), and one
 * write, with the rest queued behind it. Completions arrive on any group thread, so handler
 * calls are serialized by a lock to keep the promise that one connection's calls never overlap.
 *
 * <p>Files: the JDK has no transfer path to an asynchronous channel (transferTo takes a
 * {@code WritableByteChannel}, which AsynchronousSocketChannel is not), so a queued file is sent
 * as mapped windows ({@link AsyncFileWindow}) written with the channel's asynchronous write.
 */
final class Nio2Conn implements Conn {
    private final Nio2Server server;
    private final AsynchronousSocketChannel channel;
    private final long id;
    private final Handler handler;
    private final AdaptiveReadSize readSize = new AdaptiveReadSize();
    private ByteBuffer readBuffer = ByteBuffer.allocateDirect(readSize.size()); // the reader's only
    private final ReentrantLock handlerLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** A read is outstanding or its data is with the handler: the buffer is in use, no second read. */
    private final AtomicBoolean reading = new AtomicBoolean();
    private final ArrayDeque<Object> queue = new ArrayDeque<>(); // ByteBuffers and FileRegions, guarded by itself
    private boolean writing;          // guarded by queue
    private final AsyncFileWindow window = new AsyncFileWindow(); // the write chain's alone
    private boolean readPaused;       // guarded by queue
    private boolean drainedLater;     // guarded by queue: onDrained is due once the handler call under way returns
    private boolean closeAfterFlush;  // guarded by queue
    private boolean shutdownAfterFlush; // guarded by queue
    private long pending;             // guarded by queue
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private volatile Object attachment;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile long messages;
    private volatile long writes;

    Nio2Conn(Nio2Server server, AsynchronousSocketChannel channel, long id) {
        this.server = server;
        this.channel = channel;
        this.id = id;
        this.handler = server.handler;
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
        server.threadCounters().count(Kind.READ, System.nanoTime());
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
            boolean paused;
            synchronized (queue) {
                paused = readPaused;
            }
            if (!paused) {
                readNext();
            }
        }

        @Override
        public void failed(Throwable e, Void unused) {
            closeWith(e instanceof InterruptedByTimeoutException
                    ? new IdleTimeoutException(server.config().idleTimeout()) : e);
        }
    };

    private final CompletionHandler<Integer, ByteBuffer> writer = new CompletionHandler<>() {
        @Override
        public void completed(Integer n, ByteBuffer buffer) {
            server.threadCounters().sent(n);
            bytesOut += n;
            writes++;
            if (!buffer.hasRemaining() || closed.get()) {
                window.release(server.threadCounters()); // the write that read it is over
            }
            if (closed.get()) { // the queue is gone with its files
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
                closeWith(null);
                return;
            } else if (shutdownNow) {
                shutdownChannel();
            }
            if (resume) {
                resume();
            }
        }

        @Override
        public void failed(Throwable e, ByteBuffer buffer) {
            window.release(server.threadCounters());
            closeWith(e);
        }
    };

    /**
     * Reading may go on after a pause. When the JDK completed a write inline, inside a handler
     * call on this thread (a group thread's write may complete at once, in the same stack), that
     * call is still running: onDrained waits for it to return ({@link #drainIfDue}) and its
     * caller issues the next read, for the read buffer is still the handler's.
     */
    private void resume() {
        if (handlerLock.isHeldByCurrentThread()) {
            synchronized (queue) {
                drainedLater = true;
            }
            return;
        }
        callHandler("onDrained", () -> handler.onDrained(Nio2Conn.this));
        readNext();
    }

    /** Calls onDrained if a resume was deferred by a handler call that has now returned. */
    private void drainIfDue() {
        boolean due;
        synchronized (queue) {
            due = drainedLater;
            drainedLater = false;
        }
        if (due) {
            callHandler("onDrained", () -> handler.onDrained(Nio2Conn.this));
        }
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
            buffer = item instanceof ByteBuffer b ? b : window.map((FileRegion.Channel) item, queue, server.threadCounters());
        } catch (IOException | RuntimeException e) {
            closeWith(e); // a short file, or the connection closed under us
            return;
        }
        server.threadCounters().count(Kind.WRITE, System.nanoTime());
        try {
            channel.write(buffer, buffer, writer);
        } catch (RuntimeException e) { // the group is shutting down
            window.release(server.threadCounters());
            closeWith(e);
        }
    }

    @Override
    public void write(ByteBuffer data) {
        if (!data.hasRemaining()) {
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
        enqueue(copy, copy.remaining()); // written after close or shutdown: nowhere to go, as with a closed socket
    }

    @Override
    public void sendFile(Path file, long position, long count) throws IOException {
        FileRegion region = FileRegion.openChannel(file, position, count);
        server.threadCounters().count(Kind.OTHER, System.nanoTime()); // open(2)
        if (count == 0 || !enqueue(region, count)) {
            region.close(); // nothing to send, or the connection takes no more output
        }
    }

    /** Queues {@code item} ({@code n} bytes), writing it at once if nothing is being written; false if output is over. */
    private boolean enqueue(Object item, long n) {
        boolean start;
        synchronized (queue) {
            if (closed.get() || closeAfterFlush || shutdownAfterFlush) {
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
        synchronized (queue) {
            queue.forEach(FileRegion::discard);
            queue.clear();
            pending = 0;
        }
        handlerLock.lock();
        try {
            server.notifyClosed(this, cause);
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
        synchronized (queue) {
            return pending <= server.config().writeHighWater();
        }
    }

    @Override
    public long pendingBytes() {
        synchronized (queue) {
            return pending;
        }
    }

    /** Sends end of stream once the queue is written: a write still in flight must not be cut short. */
    @Override
    public void shutdownOutput() {
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
            closeWith(e);
        }
    }

    @Override
    public void close() {
        boolean now;
        synchronized (queue) {
            closeAfterFlush = true;
            now = !writing;
        }
        if (now) {
            closeWith(null);
        }
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
        return new ConnStats(bytesIn, bytesOut, messages, writes);
    }
}
