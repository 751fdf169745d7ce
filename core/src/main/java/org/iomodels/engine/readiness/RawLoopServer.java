package org.iomodels.engine.readiness;

import java.io.IOException;
import org.iomodels.engine.loop.LoopServer;
import org.iomodels.poller.EpollPoller;
import org.iomodels.poller.PollPoller;
import org.iomodels.poller.Poller;
import org.iomodels.poller.SelectPoller;
import org.iomodels.poller.SigioPoller;
import org.iomodels.poller.SpinPoller;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.ServerConfig;
import org.iomodels.sys.Errno;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.NativeSocket;
import org.iomodels.sys.SyscallProbe;

/**
 * The server of the raw event-loop models ({@code nonblocking}, {@code select}, {@code poll},
 * {@code epoll}, {@code sigio}): {@code config.loops()} loops, each on its own poller. Loop 0 also
 * accepts and hands connections round-robin to every loop; the handler is called on the
 * connection's loop.
 */
public final class RawLoopServer extends LoopServer<RawLoop> {
    private NativeSocket listener;

    public RawLoopServer(IoModel model, ServerConfig config, Handler handler) {
        super(model, config, handler, RawLoop[]::new);
    }

    @Override
    protected void openListenerAndLoops() throws IOException {
        listener = NativeSocket.listen(config.host(), config.port(), config.backlog(), true, config.tcpNoDelay(), config.reusePort());
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new RawLoop(this, this::newPoller);
        }
        loops[0].watchListener(listener);
        address = listener.localAddress();
    }

    /** The one place a raw model picks its readiness mechanism. */
    /** The most one epoll_wait reports; level-triggered, the rest comes at the next. */
    private static final int MAX_EVENTS = 1024;

    private Poller newPoller(SyscallProbe probe) throws IOException {
        return switch (model) {
            case NONBLOCKING -> new SpinPoller();
            case SELECT -> SelectPoller.wakeable(probe);
            case POLL -> PollPoller.wakeable(probe);
            case EPOLL -> new EpollPoller(probe, true, MAX_EVENTS);
            case SIGIO -> new SigioPoller(probe);
            default -> throw new IllegalArgumentException(model + " is not a raw event-loop model");
        };
    }

    /** Accepts what is waiting on loop 0 and hands each connection to a loop. */
    void acceptReady(RawLoop acceptor) {
        for (int i = 0; i < 64; i++) { // bounded, so a connection storm cannot starve the loop's connections
            NativeSocket socket;
            try {
                socket = listener.accept(true, acceptor.probe);
            } catch (ErrnoException e) {
                acceptFailed(acceptor, e);
                return;
            }
            if (socket == null) {
                return;
            }
            acceptor.poller.progress();
            acceptedOne();
            handOver(socket);
        }
    }

    private void handOver(NativeSocket socket) {
        if (!loops[0].poller.canWatch(socket.fileno())) { // every loop has the same kind of poller
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
        handOver(target -> target.adopt(socket, id));
    }

    private void acceptFailed(RawLoop acceptor, ErrnoException e) {
        if (outOfDescriptors(e.errno())) {
            shedWaiting(() -> listener.accept(true));
            pauseAccepting(acceptor, e.getMessage());
        } else if (e.errno() != Errno.ECONNABORTED) {
            log(e.getMessage()); // ECONNABORTED: the client gave up while queued; nothing to say
        }
    }

    @Override
    protected void closeListener() {
        if (listener != null) {
            listener.close();
        }
    }
}
