package org.iomodels.engine.nio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.iomodels.engine.loop.LoopServer;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.ServerConfig;
import org.iomodels.sys.Errno;
import org.iomodels.sys.Syscall;
import org.iomodels.sys.SyscallProbe;

/**
 * The {@code jdk-nio} server: {@code config.loops()} {@link NioLoop}s; loop 0 also accepts and
 * hands connections round-robin to every loop. The handler runs on the connection's loop.
 */
public final class NioServer extends LoopServer<NioLoop> {
    private ServerSocketChannel listener;

    public NioServer(ServerConfig config, Handler handler) {
        super(IoModel.JDK_NIO, config, handler, NioLoop[]::new);
    }

    @Override
    protected void openListenerAndLoops() throws IOException {
        listener = ServerSocketChannel.open();
        if (config.reusePort()) {
            listener.setOption(java.net.StandardSocketOptions.SO_REUSEPORT, true);
        }
        listener.bind(new InetSocketAddress(config.host(), config.port()), config.backlog());
        listener.configureBlocking(false);
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new NioLoop(this);
        }
        loops[0].watchListener(listener);
        address = (InetSocketAddress) listener.getLocalAddress();
    }

    /** Accepts what is waiting (at most 64, so the acceptor's own connections are not starved). */
    void acceptReady(NioLoop acceptor) {
        for (int i = 0; i < 64; i++) {
            SocketChannel channel;
            long t = acceptor.probe.start(Syscall.ACCEPT);
            try {
                channel = listener.accept();
            } catch (IOException e) {
                acceptor.probe.end(Syscall.ACCEPT, -1, SyscallProbe.FAILED, t);
                if (outOfDescriptors(e)) {
                    shedWaiting(listener::accept);
                }
                pauseAccepting(acceptor, "accept failed: " + e.getMessage());
                return;
            }
            acceptor.probe.end(Syscall.ACCEPT, -1, channel == null ? -Errno.EAGAIN : 0, t);
            if (channel == null) {
                return;
            }
            acceptedOne();
            if (!admit()) {
                NioConn.closeQuietly(channel);
                continue;
            }
            long id = nextId();
            handOver(target -> target.adopt(channel, id));
        }
    }

    @Override
    protected void closeListener() {
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException e) {
                log("closing the listener failed: " + e.getMessage());
            }
        }
    }
}
