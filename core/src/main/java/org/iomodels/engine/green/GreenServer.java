package org.iomodels.engine.green;

import java.io.IOException;
import org.iomodels.engine.base.AbstractServer;
import org.iomodels.green.Green;
import org.iomodels.green.GreenFd;
import org.iomodels.green.Greenlet;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.ServerConfig;
import org.iomodels.sys.Errno;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.NativeSocket;

/**
 * The {@code green} engine, gevent's {@code StreamServer}: {@code config.loops()} hubs, one per
 * thread, and a greenlet per connection ({@link ConnGreenlet}) that serves it blocking-style.
 * An acceptor greenlet on hub 0 accepts and hands connections round-robin to every hub; out of
 * descriptors, it sheds the clients waiting in the backlog through the reserve and sleeps.
 */
public final class GreenServer extends AbstractServer {
    /** How long accepting pauses when the process is out of descriptors (EMFILE/ENFILE). */
    private static final double ACCEPT_PAUSE_SECONDS = 0.1;
    /** Accepts in a row before the acceptor lets the hub's connections have a turn. */
    private static final int ACCEPT_BATCH = 64;

    private final GreenHub[] hubs;
    private final Object closeLock = new Object();
    private NativeSocket listener;
    private GreenFd listenWaits; // hub 0's
    private volatile boolean stopping;
    private boolean closed;
    private int next;
    private long pausedSince;

    public GreenServer(ServerConfig config, Handler handler) {
        super(IoModel.GREEN, config, handler);
        this.hubs = new GreenHub[config.loops()];
    }

    @Override
    protected void doStart() throws IOException {
        listener = NativeSocket.listen(config.host(), config.port(), config.backlog(), true, config.tcpNoDelay(), config.reusePort());
        try {
            for (int i = 0; i < hubs.length; i++) {
                hubs[i] = new GreenHub(this);
                hubs[i].start("iomodels-green-hub-" + i);
            }
            address = listener.localAddress();
            hubs[0].execute(this::startAcceptor); // once every hub is up: it hands connections to all of them
        } catch (IOException | RuntimeException e) {
            stopHubs();
            listener.close();
            throw e;
        }
    }

    /** On hub 0: the acceptor's greenlet, a child of the hub. */
    private void startAcceptor() {
        new Greenlet(this::acceptLoop, "acceptor", hubs[0].hub().greenlet()).switchTo(null);
    }

    private Object acceptLoop(Object ignored) {
        GreenHub acceptor = hubs[0];
        listenWaits = new GreenFd(listener.fileno());
        try {
            // The pause at EMFILE sleeps: take that path once now, while classes can still be loaded.
            Green.sleep(0.0001);
            int inARow = 0;
            while (!stopping) {
                NativeSocket socket;
                try {
                    socket = listener.accept(true, acceptor.probe);
                } catch (ErrnoException e) {
                    acceptFailed(e);
                    continue;
                }
                if (socket == null) {
                    inARow = 0;
                    listenWaits.waitReadable(Double.POSITIVE_INFINITY, "accept");
                    continue;
                }
                acceptedOne();
                handOver(socket);
                if (++inARow == ACCEPT_BATCH) { // a connection storm must not starve the hub's connections
                    inARow = 0;
                    Green.sleep(0);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!stopping) {
                log("the acceptor failed: " + e + "; no more connections are accepted");
            }
        }
        return null;
    }

    private void acceptFailed(ErrnoException e) throws IOException {
        if (outOfDescriptors(e.errno())) {
            shedWaiting(() -> listener.accept(true));
            if (pausedSince == 0) {
                pausedSince = System.nanoTime();
                log(e.getMessage() + ": pausing accepts until descriptors free up (retrying every "
                        + (long) (ACCEPT_PAUSE_SECONDS * 1000) + " ms; clients that wait meanwhile are closed at once)");
            }
            Green.sleep(ACCEPT_PAUSE_SECONDS);
            // Then wait for a client before trying again: accept(2) fails with EMFILE before it
            // looks at the backlog, so retrying with nobody waiting would wake the hub for nothing.
            listenWaits.waitReadable(Double.POSITIVE_INFINITY, "accept");
        } else if (e.errno() != Errno.ECONNABORTED) { // ECONNABORTED: the client gave up while queued
            log(e.getMessage() + "; accepting again in " + (long) (ACCEPT_PAUSE_SECONDS * 1000) + " ms");
            Green.sleep(ACCEPT_PAUSE_SECONDS); // a failure that lasts must not spin the hub (nor flood the log)
        }
    }

    private void acceptedOne() {
        if (pausedSince != 0) {
            log("accepting again after " + (System.nanoTime() - pausedSince) / 1_000_000 + " ms");
            pausedSince = 0;
        }
    }

    /** Gives a new connection to the next hub, round-robin. Hub 0. */
    private void handOver(NativeSocket socket) {
        if (!admit()) {
            socket.close(); // over maxConnections: closed at once, counted as refused
            return;
        }
        long id = nextId();
        GreenHub target = hubs[next];
        next = (next + 1) % hubs.length;
        if (target.inLoop()) {
            adopt(target, socket, id);
        } else {
            target.execute(() -> adopt(target, socket, id));
        }
    }

    private void adopt(GreenHub hub, NativeSocket socket, long id) {
        try {
            new GreenConn(hub, socket, id).start();
        } catch (RuntimeException | Error e) {
            log("cannot serve " + socket + ": " + e);
            socket.close();
            closedOne();
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
        stopHubs();
        if (listener != null) { // null if never started
            listener.close();
        }
        closeReserve();
    }

    /** Stops the acceptor's hub first (no connection can then reach a hub that has stopped), then the others. */
    private void stopHubs() {
        stopping = true;
        if (hubs[0] != null && hubs[0].hub() != null) {
            hubs[0].execute(() -> {
                if (listenWaits != null) {
                    listenWaits.beforeClose(GreenHub.CLOSED); // wakes the acceptor, which sees stopping and ends
                }
            });
        }
        stopAndJoin(hubs[0]);
        for (int i = 1; i < hubs.length; i++) {
            if (hubs[i] != null) {
                hubs[i].stop();
            }
        }
        for (int i = 1; i < hubs.length; i++) {
            stopAndJoin(hubs[i]);
        }
    }

    private void stopAndJoin(GreenHub hub) {
        if (hub == null || hub.hub() == null) {
            return;
        }
        hub.stop();
        try {
            hub.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (hub.isAlive()) {
            log("a hub did not stop within 10 s");
        }
    }
}
