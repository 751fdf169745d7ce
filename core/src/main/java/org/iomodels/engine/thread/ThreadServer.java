package org.iomodels.engine.thread;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import org.iomodels.engine.base.AbstractServer;
import org.iomodels.engine.base.DescriptorReserve;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.ServerConfig;
import org.iomodels.sys.SyscallCounters;
import org.iomodels.sys.SyscallProbe;

/**
 * The thread-per-connection engines: {@code blocking} (raw fds, platform threads),
 * {@code jdk-blocking} (java.net, platform threads) and {@code virtual} (java.net, virtual
 * threads). An acceptor thread blocks in accept; each connection gets a thread that blocks in
 * read and calls the handler, which may block too. {@code config.loops()} does not apply.
 */
public final class ThreadServer extends AbstractServer {
    private static final long ACCEPT_PAUSE_MILLIS = 100;
    /** How long close waits, in all, for the acceptor and every connection thread to end. */
    private static final long STOP_NANOS = 10_000_000_000L;

    private final ThreadFactory threads;
    private final Set<ThreadConn> conns = ConcurrentHashMap.newKeySet();
    private final Set<Thread> connThreads = ConcurrentHashMap.newKeySet();
    private BlockingIo.Listener listener;
    private Thread acceptor;
    private volatile boolean closing;

    public ThreadServer(IoModel model, ServerConfig config, Handler handler) {
        super(model, config, handler);
        String prefix = "iomodels-" + model + "-";
        this.threads = model == IoModel.VIRTUAL
                ? Thread.ofVirtual().name(prefix + "conn-", 0).factory()
                : Thread.ofPlatform().name(prefix + "conn-", 0).factory();
    }

    @Override
    protected void doStart() throws IOException {
        listener = switch (model) {
            case BLOCKING -> RawBlockingIo.listen(config.host(), config.port(), config.backlog(), config.tcpNoDelay(), config.reusePort());
            case JDK_BLOCKING, VIRTUAL -> JdkBlockingIo.listen(config.host(), config.port(), config.backlog(), config.tcpNoDelay(),
                    config.reusePort());
            default -> throw new IllegalArgumentException(model + " is not a thread-per-connection model");
        };
        address = listener.address();
        String name = "iomodels-" + model + "-acceptor";
        acceptor = (model == IoModel.VIRTUAL ? Thread.ofVirtual() : Thread.ofPlatform()).name(name).start(this::acceptLoop);
    }

    private void acceptLoop() {
        SyscallCounters counters = newCounters();
        SyscallProbe probe = probe(counters);
        long pausedSince = 0;
        try {
            while (!closing) {
                BlockingIo.Connection io;
                try {
                    io = pausedSince == 0 ? listener.accept(probe) : acceptWhilePaused(probe);
                } catch (IOException e) {
                    if (closing) {
                        return;
                    }
                    if (outOfDescriptors(e)) {
                        pausedSince = System.nanoTime();
                        log("accept failed: " + e.getMessage() + ": pausing accepts until descriptors free up"
                                + " (clients that come meanwhile are closed at once)");
                    } else {
                        log("accept failed: " + e.getMessage() + "; retrying in " + ACCEPT_PAUSE_MILLIS + " ms");
                        sleepQuietly(ACCEPT_PAUSE_MILLIS);
                    }
                    continue;
                }
                if (io == null) {
                    continue; // paused, and nobody to serve yet
                }
                if (pausedSince != 0) {
                    log("accepting again after " + (System.nanoTime() - pausedSince) / 1_000_000 + " ms");
                    pausedSince = 0;
                }
                if (!admit()) {
                    io.close();
                    continue;
                }
                ThreadConn conn = new ThreadConn(this, io, nextId(), newCounters());
                conns.add(conn);
                Thread t = threads.newThread(() -> serve(conn, io));
                connThreads.add(t);
                t.start();
            }
        } finally {
            listener.release();
            closeReserve();
            retire(counters);
        }
    }

    /**
     * Out of descriptors, accept(2) fails at once, again and again: it takes the descriptor before
     * it looks at the backlog. Instead the acceptor blocks in accept in the reserve descriptor's
     * place, costing nothing while nobody comes; a client that comes is served if the reserve can
     * be taken back beside it (there is room again), else closed at once. If even the reserve's
     * place is gone (another thread took it), it waits 100 ms and tries again.
     */
    private BlockingIo.Connection acceptWhilePaused(SyscallProbe probe) {
        DescriptorReserve.Found<BlockingIo.Connection> found = reserve().acceptInPlace(() -> listener.accept(probe));
        if (found.shed()) {
            refusedOne();
        } else if (found.client() == null && !closing) {
            sleepQuietly(ACCEPT_PAUSE_MILLIS);
        }
        return found.client();
    }

    /** The connection's thread: read, hand to the handler, until end of stream, error or close. */
    private void serve(ThreadConn conn, BlockingIo.Connection io) {
        SyscallCounters counters = newCounters();
        Throwable cause = null;
        boolean opened = false;
        try {
            if (closing) {
                throw new IOException("server stopped");
            }
            if (config.idleTimeout() != null) {
                io.setReadTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis())));
            }
            opened = true;
            conn.handlerLock.lock();
            try {
                handler.onOpen(conn);
            } finally {
                conn.handlerLock.unlock();
            }
            cause = readLoop(conn, io, counters);
        } catch (IOException | RuntimeException | Error e) {
            cause = e;
        } finally {
            if (conn.failure() != null) {
                cause = conn.failure(); // a failed write or file send ended it; what the reader saw followed from that
            }
            if (cause == null && closing) {
                cause = new IOException("server stopped");
            }
            conn.release();
            conns.remove(conn);
            closedOne();
            if (opened) { // a connection the handler never saw open is not reported closed either
                conn.handlerLock.lock();
                try {
                    notifyClosed(conn, cause);
                } finally {
                    conn.handlerLock.unlock();
                }
            }
            retire(counters);
            retire(conn.writeCounters);
            connThreads.remove(Thread.currentThread());
        }
    }

    private Throwable readLoop(ThreadConn conn, BlockingIo.Connection io, SyscallCounters counters) throws IOException {
        SyscallProbe probe = probe(counters);
        while (!conn.closeRequested() && !closing) {
            conn.inRead = true;
            int n;
            try {
                n = io.read(probe);
            } finally {
                conn.inRead = false;
            }
            if (n == 0) {
                if (conn.closeRequested() || closing) {
                    return closing ? new IOException("server stopped") : null;
                }
                conn.handlerLock.lock();
                try {
                    handler.onInputClosed(conn);
                } finally {
                    conn.handlerLock.unlock();
                }
                // The handler kept the connection open after the peer's end of stream (a
                // half-close): wait for it to close, without spinning on reads that return 0.
                while (!conn.closeRequested() && !closing) {
                    sleepQuietly(10);
                }
                return null;
            }
            counters.received(n);
            conn.bytesIn += n;
            conn.messages++;
            conn.handlerLock.lock();
            try {
                handler.onData(conn, io.buffer().clear().limit(n)); // the buffer read just filled
            } finally {
                conn.handlerLock.unlock();
            }
        }
        return null;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        stopTimer();
        if (listener != null) {
            listener.close();
        }
        long deadline = System.nanoTime() + STOP_NANOS;
        join(acceptor, deadline);
        for (ThreadConn conn : conns) {
            conn.abort(); // also fails a write blocked on a peer that does not read
        }
        int late = 0;
        for (Thread t : connThreads) {
            if (!join(t, deadline)) {
                late++;
            }
        }
        if (late > 0) {
            log(late + " connection threads did not stop within " + STOP_NANOS / 1_000_000_000 + " s");
        }
    }

    /**
     * Stops accepting, lets the connections with work in progress finish it (a thread that reads
     * data after this handles it, then ends its connection instead of reading again), and leaves
     * the idle ones, each a thread blocked in read, for the process exit to close. Waking 19,000
     * platform threads to end each in the JVM took 3-11 s on 2 cores (a young GC scanning 19,000
     * stacks, a deoptimisation in every thread leaving read by an exception); the kernel closes
     * their sockets as the process exits in about 1 s (issue 11).
     */
    @Override
    public void closeForExit(Duration drain) {
        if (closing) {
            return;
        }
        closing = true;
        stopTimer();
        if (listener != null) {
            listener.close();
        }
        long deadline = System.nanoTime() + drain.toNanos();
        join(acceptor, deadline);
        while (System.nanoTime() < deadline && conns.stream().anyMatch(c -> !c.idle())) {
            sleepQuietly(5);
        }
    }

    /** Waits for {@code t} until {@code deadline} (one deadline for all: 19,000 threads are not 19,000 waits); false if it is still alive. */
    private boolean join(Thread t, long deadline) {
        if (t == null) {
            return true;
        }
        try {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive() && t == acceptor) {
            log(t.getName() + " did not stop within " + STOP_NANOS / 1_000_000_000 + " s");
        }
        return !t.isAlive();
    }
}
