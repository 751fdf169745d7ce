package org.iomodels.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.ServerConfig;
import org.iomodels.server.SyscallCounters.Kind;

/**
 * The {@code jdk-nio} server: {@code config.loops()} {@link NioLoop}s; loop 0 also accepts and
 * hands connections round-robin to every loop. The handler runs on the connection's loop.
 */
public final class NioServer extends AbstractServer {
    private static final long ACCEPT_PAUSE_NANOS = 100_000_000;

    private final NioLoop[] loops;
    private ServerSocketChannel listener;
    private int next;
    private long pausedSince;
    private final Object closeLock = new Object();
    private boolean closed;

    public NioServer(ServerConfig config, Handler handler) {
        super(IoModel.JDK_NIO, config, handler);
        loops = new NioLoop[config.loops()];
    }

    @Override
    protected void doStart() throws IOException {
        try {
            listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress(config.host(), config.port()), config.backlog());
            listener.configureBlocking(false);
            for (int i = 0; i < loops.length; i++) {
                loops[i] = new NioLoop(this);
            }
            loops[0].watchListener(listener);
        } catch (IOException | RuntimeException e) {
            for (NioLoop loop : loops) {
                if (loop != null) {
                    loop.closeMechanism();
                }
            }
            if (listener != null) {
                listener.close();
            }
            throw e;
        }
        address = (InetSocketAddress) listener.getLocalAddress();
        for (int i = 0; i < loops.length; i++) {
            loops[i].start("iomodels-" + model + "-loop-" + i);
        }
    }

    /** Accepts what is waiting (at most 64, so the acceptor's own connections are not starved). */
    void acceptReady(NioLoop acceptor) {
        for (int i = 0; i < 64; i++) {
            SocketChannel channel;
            long t0 = System.nanoTime();
            try {
                channel = listener.accept();
            } catch (IOException e) {
                acceptor.counters.count(Kind.OTHER, t0);
                if (pausedSince == 0) {
                    pausedSince = System.nanoTime();
                    log("accept failed: " + e.getMessage() + ": pausing accepts, retrying every "
                            + ACCEPT_PAUSE_NANOS / 1_000_000 + " ms");
                }
                acceptor.pauseAccepting(ACCEPT_PAUSE_NANOS);
                return;
            }
            if (channel == null) {
                acceptor.counters.count(Kind.EAGAIN, t0);
                return;
            }
            acceptor.counters.count(Kind.OTHER, t0);
            if (pausedSince != 0) {
                log("accepting again after " + (System.nanoTime() - pausedSince) / 1_000_000 + " ms");
                pausedSince = 0;
            }
            if (!admit()) {
                NioConn.closeQuietly(channel);
                continue;
            }
            NioLoop target = loops[next];
            next = (next + 1) % loops.length;
            long id = nextId();
            if (target.inLoop()) {
                target.adopt(channel, id);
            } else {
                target.execute(() -> target.adopt(channel, id));
            }
        }
    }

    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LoopGroup.stopAcceptorFirst(this, loops);
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException e) {
                log("closing the listener failed: " + e.getMessage());
            }
        }
    }
}
