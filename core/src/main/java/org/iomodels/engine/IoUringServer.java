package org.iomodels.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.ServerConfig;
import org.iomodels.sys.Errno;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.NativeSocket;

/**
 * The {@code io_uring} server: {@code config.loops()} {@link IoUringLoop}s, each with its own
 * ring. Loop 0 keeps a multishot accept armed on the listener and hands connections round-robin
 * to every loop; the handler is called on the connection's loop.
 */
public final class IoUringServer extends AbstractServer {
    /** How long accepting pauses when the process is out of descriptors (EMFILE/ENFILE). */
    private static final long ACCEPT_PAUSE_NANOS = 100_000_000;

    private final IoUringLoop[] loops;
    private NativeSocket listener;
    private int next;
    private long pausedSince;
    private final Object closeLock = new Object();
    private boolean closed;

    public IoUringServer(ServerConfig config, Handler handler) {
        super(IoModel.IO_URING, config, handler);
        loops = new IoUringLoop[config.loops()];
    }

    @Override
    protected void doStart() throws IOException {
        try {
            listener = NativeSocket.listen(config.host(), config.port(), config.backlog(), true);
            for (int i = 0; i < loops.length; i++) {
                loops[i] = new IoUringLoop(this);
            }
            loops[0].acceptOn(listener.fileno());
        } catch (IOException | RuntimeException e) {
            for (IoUringLoop loop : loops) {
                if (loop != null) {
                    loop.closeMechanism();
                }
            }
            if (listener != null) {
                listener.close();
            }
            throw e;
        }
        InetSocketAddress bound = listener.localAddress();
        address = bound;
        for (int i = 0; i < loops.length; i++) {
            loops[i].start("iomodels-" + model + "-loop-" + i);
        }
    }

    /** A connection accepted by loop 0's ring, as descriptor {@code fd}. */
    void handOver(int fd) {
        if (pausedSince != 0) {
            log("accepting again after " + (System.nanoTime() - pausedSince) / 1_000_000 + " ms");
            pausedSince = 0;
        }
        if (!admit()) {
            IoUringConn.closeFd(fd); // over maxConnections: closed at once, counted as refused
            return;
        }
        IoUringLoop target = loops[next];
        next = (next + 1) % loops.length;
        long id = nextId();
        if (target.inLoop()) {
            target.adopt(fd, id);
        } else {
            target.execute(() -> target.adopt(fd, id));
        }
    }

    /** An accept completed with {@code errno}: out of descriptors pauses accepting; the rest is logged. */
    void acceptFailed(IoUringLoop acceptor, int errno) {
        if (errno == Errno.EMFILE || errno == Errno.ENFILE || errno == Errno.ENOBUFS || errno == Errno.ENOMEM) {
            if (pausedSince == 0) {
                pausedSince = System.nanoTime();
                log(new ErrnoException("accept(fd=" + listener.fileno() + ")", errno).getMessage()
                        + ": pausing accepts until descriptors free up (retrying every "
                        + ACCEPT_PAUSE_NANOS / 1_000_000 + " ms)");
            }
            acceptor.pauseAccepting(ACCEPT_PAUSE_NANOS);
        } else if (errno != Errno.ECONNABORTED && errno != Errno.ECANCELED) {
            log(new ErrnoException("accept(fd=" + listener.fileno() + ")", errno).getMessage());
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
            listener.close();
        }
    }
}
