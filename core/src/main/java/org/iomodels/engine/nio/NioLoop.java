package org.iomodels.engine.nio;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.iomodels.engine.loop.EventLoop;
import org.iomodels.engine.loop.LoopConn;
import org.iomodels.poller.Poller;
import org.iomodels.sys.Syscall;

/**
 * An event loop on {@link java.nio.channels.Selector}, the JDK's portable multiplexer (epoll on
 * Linux, inside the JDK): the engine of the {@code jdk-nio} model. The JDK applies interest
 * changes lazily, as epoll_ctl calls inside the next select; they are counted as "other".
 */
final class NioLoop extends EventLoop {
    private final NioServer nioServer;
    final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private SelectionKey listenerKey;

    NioLoop(NioServer server) throws IOException {
        super(server);
        this.nioServer = server;
        this.selector = Selector.open();
    }

    @Override
    public ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** Makes this loop the acceptor. Before the loop starts. */
    void watchListener(ServerSocketChannel listener) throws IOException {
        listenerKey = listener.register(selector, SelectionKey.OP_ACCEPT);
    }

    @Override
    public void waitAndDispatch(long timeoutNanos) throws IOException {
        // The JDK runs the dispatch inside select (no selected-key set, no iterator): the wait's
        // time and its end include the handling of what it found.
        long t = probe.start(Syscall.EPOLL_WAIT);
        int ready;
        if (timeoutNanos < 0) {
            ready = selector.select(this::dispatch);
        } else if (timeoutNanos == 0) {
            ready = selector.selectNow(this::dispatch);
        } else {
            ready = selector.select(this::dispatch, Math.max(1, Poller.toMillis(timeoutNanos)));
        }
        probe.end(Syscall.EPOLL_WAIT, -1, ready, t);
    }

    private void dispatch(SelectionKey key) {
        if (key == listenerKey) {
            nioServer.acceptReady(this);
            return;
        }
        NioConn conn = (NioConn) key.attachment();
        if (!key.isValid()) {
            return;
        }
        int ready = key.readyOps();
        conn.onReady(((ready & SelectionKey.OP_READ) != 0 ? LoopConn.READ : 0)
                | ((ready & SelectionKey.OP_WRITE) != 0 ? LoopConn.WRITE : 0), false);
    }

    /** Takes over an accepted connection. Loop thread. */
    void adopt(SocketChannel channel, long id) {
        NioConn conn;
        try {
            channel.configureBlocking(false);
            if (server.config().tcpNoDelay()) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            conn = new NioConn(this, channel, channel.register(selector, 0), id);
        } catch (IOException e) {
            server.log("cannot watch " + channel + ": " + e.getMessage());
            NioConn.closeQuietly(channel);
            server.closedOne();
            return;
        }
        conn.opened();
    }

    @Override
    public void stopAccepting() {
        listenerKey.interestOps(0);
    }

    @Override
    public void resumeAccepting() {
        listenerKey.interestOps(SelectionKey.OP_ACCEPT);
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void closeMechanism() {
        try {
            selector.close();
        } catch (IOException e) {
            server.log("closing the selector failed: " + e.getMessage());
        }
    }
}
