package org.iomodels.engine.nio2;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.iomodels.engine.base.AbstractServer;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.ServerConfig;
import org.iomodels.sys.Syscall;
import org.iomodels.sys.SyscallCounters;
import org.iomodels.sys.SyscallProbe;

/**
 * The {@code jdk-nio2} server: {@link AsynchronousServerSocketChannel} with CompletionHandlers
 * on a fixed group of {@code config.loops()} threads. The JDK waits (epoll, in one of those
 * threads) and then performs the read or write and calls back: the program never waits, but the
 * copy still happens in user space after readiness, so on Linux this is multiplexing in
 * asynchronous clothes, not Stevens' asynchronous model (that is io_uring's).
 */
public final class Nio2Server extends AbstractServer {
    private static final long ACCEPT_PAUSE_MILLIS = 100;

    private final Set<Nio2Conn> conns = ConcurrentHashMap.newKeySet();
    /** Each group thread counts into its own counters: the counters are single-writer. */
    private final ThreadLocal<SyscallCounters> counters = ThreadLocal.withInitial(this::newCounters);
    private final ThreadLocal<SyscallProbe> probes = ThreadLocal.withInitial(() -> probe(counters.get()));
    private AsynchronousChannelGroup group;
    private AsynchronousServerSocketChannel listener;
    private volatile boolean closing;
    private volatile Thread retry;
    private long pausedSince;
    /** The accept outstanding was made with the reserve descriptor released: what it brings is shed. */
    private boolean shedding;

    public Nio2Server(ServerConfig config, Handler handler) {
        super(IoModel.JDK_NIO2, config, handler);
    }

    @Override
    protected void doStart() throws IOException {
        group = AsynchronousChannelGroup.withFixedThreadPool(config.loops(),
                Thread.ofPlatform().name("iomodels-" + model + "-loop-", 0).factory());
        try {
            listener = AsynchronousServerSocketChannel.open(group);
            if (config.reusePort()) {
                listener.setOption(java.net.StandardSocketOptions.SO_REUSEPORT, true);
            }
            listener.bind(new InetSocketAddress(config.host(), config.port()), config.backlog());
        } catch (IOException | RuntimeException e) {
            group.shutdownNow();
            throw e;
        }
        address = (InetSocketAddress) listener.getLocalAddress();
        acceptNext();
    }

    /** The calling group thread's counters. */
    SyscallCounters threadCounters() {
        return counters.get();
    }

    /**
     * The calling group thread's probe. The JDK makes the calls of an asynchronous operation
     * out of sight; each is reported once, when its completion handler runs, untimed.
     */
    SyscallProbe threadProbe() {
        return probes.get();
    }

    /** Sets TCP_NODELAY; false (and the connection closed and counted) if the peer is already gone. */
    private boolean noDelay(AsynchronousSocketChannel channel) {
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return true;
        } catch (IOException e) {
            Nio2Conn.closeQuietly(channel);
            closedOne();
            return false;
        }
    }

    private void acceptNext() {
        listener.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
            @Override
            public void completed(AsynchronousSocketChannel channel, Void unused) {
                threadProbe().end(Syscall.ACCEPT, -1, 0, SyscallProbe.UNTIMED);
                if (shedding && shed(channel)) {
                    acceptNext();
                    return;
                }
                if (pausedSince != 0) {
                    log("accepting again after " + (System.nanoTime() - pausedSince) / 1_000_000 + " ms");
                    pausedSince = 0;
                }
                acceptNext(); // one accept outstanding at a time, as the API requires
                if (closing || !admit()) {
                    Nio2Conn.closeQuietly(channel);
                    return;
                }
                if (config.tcpNoDelay() && !noDelay(channel)) {
                    return;
                }
                Nio2Conn conn = new Nio2Conn(Nio2Server.this, channel, nextId());
                conns.add(conn);
                if (closing) {
                    conn.abort();
                }
                conn.start();
            }

            @Override
            public void failed(Throwable e, Void unused) {
                if (closing || e instanceof AsynchronousCloseException) {
                    return;
                }
                if (pausedSince == 0) {
                    pausedSince = System.nanoTime();
                    log("accept failed: " + e.getMessage() + ": pausing accepts, retrying every "
                            + ACCEPT_PAUSE_MILLIS + " ms; clients that wait meanwhile are closed at once");
                }
                boolean again = shedding;
                shedding = false;
                if (again) {
                    reserve().retake(); // the reserve's place was taken before this accept got it
                } else if (e instanceof IOException io && outOfDescriptors(io) && reserve().release()) {
                    shedding = true; // the next accept takes the reserve's place, and is closed at once
                    acceptNext();
                    return;
                }
                retry = Thread.ofVirtual().name("iomodels-" + model + "-accept-retry").start(() -> {
                    try {
                        Thread.sleep(ACCEPT_PAUSE_MILLIS);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                    if (!closing) {
                        acceptNext();
                    }
                });
            }
        });
    }

    /**
     * The connection an accept made in the reserve's place: if the reserve can be taken back
     * beside it, descriptors have freed up since and it is served (false); else it is closed at
     * once and counted as refused, and the reserve taken back (true).
     */
    private boolean shed(AsynchronousSocketChannel channel) {
        shedding = false;
        if (reserve().retake()) {
            return false;
        }
        Nio2Conn.closeQuietly(channel);
        refusedOne();
        reserve().retake();
        return true;
    }

    /** A connection has ended (its onClose has been called). */
    void forget(Nio2Conn conn) {
        if (conns.remove(conn)) {
            closedOne();
        }
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        stopTimer();
        try {
            if (listener != null) {
                listener.close();
            }
        } catch (IOException e) {
            log("closing the listener failed: " + e.getMessage());
        }
        Thread r = retry;
        if (r != null) {
            r.interrupt();
        }
        closeReserve();
        IOException stopped = new IOException("server stopped");
        for (Nio2Conn conn : conns) {
            conn.closeWith(stopped);
        }
        if (group != null) {
            group.shutdown();
            try {
                if (!group.awaitTermination(10, TimeUnit.SECONDS)) {
                    log("the channel group did not stop within 10 s");
                    group.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                log("stopping the channel group failed: " + e.getMessage());
            }
        }
    }
}
