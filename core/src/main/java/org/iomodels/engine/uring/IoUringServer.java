package org.iomodels.engine.uring;

import java.io.IOException;
import org.iomodels.engine.loop.LoopServer;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.ServerConfig;
import org.iomodels.sys.Errno;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.NativeSocket;
import org.iomodels.sys.Socket;
import org.iomodels.sys.SyscallProbe;

/**
 * The {@code io_uring} server: {@code config.loops()} {@link IoUringLoop}s, each with its own
 * ring. Loop 0 keeps a multishot accept armed on the listener and hands connections round-robin
 * to every loop; the handler is called on the connection's loop.
 */
public final class IoUringServer extends LoopServer<IoUringLoop> {
    private final int buffersPerRing;
    private NativeSocket listener;

    public IoUringServer(ServerConfig config, Handler handler) {
        this(config, handler, IoUringLoop.BUFFERS);
    }

    /** With {@code buffersPerRing} provided receive buffers per ring (a power of two): tests use few, to run out. */
    public IoUringServer(ServerConfig config, Handler handler, int buffersPerRing) {
        super(IoModel.IO_URING, config, handler, IoUringLoop[]::new);
        this.buffersPerRing = buffersPerRing;
    }

    @Override
    protected void openListenerAndLoops() throws IOException {
        listener = NativeSocket.listen(config.host(), config.port(), config.backlog(), true, config.tcpNoDelay(), config.reusePort());
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new IoUringLoop(this, buffersPerRing);
        }
        loops[0].acceptOn(listener.fileno());
        address = listener.localAddress();
    }

    /** A connection accepted by loop 0's ring, as descriptor {@code fd}. */
    void handOver(int fd) {
        acceptedOne();
        if (!admit()) {
            IoUringConn.closeFd(fd, SyscallProbe.NONE); // over maxConnections: closed at once, counted as refused
            return;
        }
        long id = nextId();
        handOver(target -> target.adopt(fd, id));
    }

    /** An accept completed with {@code errno}: out of descriptors pauses accepting; the rest is logged. */
    void acceptFailed(IoUringLoop acceptor, int errno) {
        String what = new ErrnoException("accept(fd=" + listener.fileno() + ")", errno).getMessage();
        if (outOfDescriptors(errno)) {
            shedWaiting(() -> listener.accept(true)); // the ring's accept is not armed now: EMFILE ended it
            pauseAccepting(acceptor, what);
        } else if (errno != Errno.ECONNABORTED && errno != Errno.ECANCELED) {
            log(what);
        }
    }

    /** How often a receive found every provided buffer in use (ENOBUFS), summed over the loops; read after close. */
    public long bufferShortages() {
        long n = 0;
        for (IoUringLoop loop : loops) {
            n += loop.bufferShortages();
        }
        return n;
    }

    @Override
    protected void closeListener() {
        if (listener != null) {
            try {
                // The ring's multishot accept holds the listening socket until the ring's teardown,
                // which the kernel finishes later in a worker: closed alone, it went on accepting
                // for a moment after close() returned. shutdown(2) stops it listening now.
                Socket.shutdown(listener.fileno(), Socket.SHUT_RDWR);
            } catch (ErrnoException | IllegalStateException e) {
                // not listening (any more): nothing to stop
            }
            listener.close();
        }
    }
}
