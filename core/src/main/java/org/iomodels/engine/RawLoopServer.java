package org.iomodels.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.ServerConfig;
import org.iomodels.server.SyscallCounters;
import org.iomodels.server.SyscallCounters.Kind;
import org.iomodels.sys.Errno;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.NativeSocket;

/**
 * The server of the raw event-loop models ({@code nonblocking}, {@code select}, {@code poll},
 * {@code epoll}, {@code sigio}): {@code config.loops()} loops, each on its own poller. Loop 0 also accepts and
 * hands connections round-robin to every loop; the handler is called on the connection's loop.
 */
public final class RawLoopServer extends AbstractServer {
    /** How long accepting pauses when the process is out of descriptors (EMFILE/ENFILE). */
    private static final long ACCEPT_PAUSE_NANOS = 100_000_000;

    private final RawLoop[] loops;
    private NativeSocket listener;
    private int next;
    private long pausedSince;
    private final Object closeLock = new Object();
    private boolean closed;

    public RawLoopServer(IoModel model, ServerConfig config, Handler handler) {
        super(model, config, handler);
        loops = new RawLoop[config.loops()];
    }

    @Override
    protected void doStart() throws IOException {
        try {
            listener = NativeSocket.listen(config.host(), config.port(), config.backlog(), true);
            for (int i = 0; i < loops.length; i++) {
                loops[i] = new RawLoop(this, this::newPoller);
            }
            loops[0].watchListener(listener);
        } catch (IOException | RuntimeException e) {
            for (RawLoop loop : loops) {
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

    /** The one place a raw model picks its readiness mechanism. */
    private Poller newPoller(SyscallCounters counters) throws IOException {
        return switch (model) {
            case NONBLOCKING -> new SpinPoller();
            case SELECT -> new SelectPoller(counters);
            case POLL -> new PollPoller(counters);
            case EPOLL -> new EpollPoller(counters);
            case SIGIO -> new SigioPoller(counters);
            default -> throw new IllegalArgumentException(model + " is not a raw event-loop model");
        };
    }

    /** Accepts what is waiting on loop 0 and hands each connection to a loop. */
    void acceptReady(RawLoop acceptor) {
        for (int i = 0; i < 64; i++) { // bounded, so a connection storm cannot starve the loop's connections
            NativeSocket socket;
            long t0 = System.nanoTime();
            try {
                socket = listener.accept(true);
            } catch (ErrnoException e) {
                acceptor.counters.count(Kind.OTHER, t0);
                acceptFailed(acceptor, e);
                return;
            }
            if (socket == null) {
                acceptor.counters.count(Kind.EAGAIN, t0);
                return;
            }
            acceptor.counters.count(Kind.OTHER, t0);
            acceptor.poller.progress();
            if (pausedSince != 0) {
                log("accepting again after " + (System.nanoTime() - pausedSince) / 1_000_000 + " ms");
                pausedSince = 0;
            }
            handOver(socket);
        }
    }

    private void handOver(NativeSocket socket) {
        RawLoop target = loops[next];
        next = (next + 1) % loops.length;
        if (!target.poller.canWatch(socket.fileno())) {
            log("refusing " + socket + ": " + model + " cannot watch fd " + socket.fileno()
                    + " (FD_SETSIZE is 1024); the other connections go on");
            socket.close();
            refusedOne();
            return;
        }
        if (!admit()) {
            socket.close(); // over maxConnections: closed at once, counted as refused
            return;
        }
        long id = nextId();
        if (target.inLoop()) {
            target.adopt(socket, id);
        } else {
            target.execute(() -> target.adopt(socket, id));
        }
    }

    private void acceptFailed(RawLoop acceptor, ErrnoException e) {
        int errno = e.errno();
        if (errno == Errno.EMFILE || errno == Errno.ENFILE || errno == Errno.ENOBUFS || errno == Errno.ENOMEM) {
            if (pausedSince == 0) {
                pausedSince = System.nanoTime();
                log(e.getMessage() + ": pausing accepts until descriptors free up (retrying every "
                        + ACCEPT_PAUSE_NANOS / 1_000_000 + " ms)");
            }
            try {
                acceptor.pauseAccepting(ACCEPT_PAUSE_NANOS);
            } catch (IOException io) {
                log("cannot pause accepting: " + io.getMessage());
            }
        } else if (errno != Errno.ECONNABORTED) {
            log(e.getMessage()); // ECONNABORTED: the client gave up while queued; nothing to say
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
