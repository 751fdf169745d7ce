package org.iomodels.engine.readiness;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.iomodels.engine.loop.EventLoop;
import org.iomodels.engine.loop.LoopConn;
import org.iomodels.poller.Poller;
import org.iomodels.sys.NativeSocket;
import org.iomodels.sys.SyscallProbe;

/**
 * An event loop over raw descriptors and one {@link Poller}: the engine of the
 * {@code nonblocking}, {@code select}, {@code poll} and {@code epoll} models, which differ only in
 * the poller. Connections are found by descriptor in an array, O(1) per ready event.
 */
final class RawLoop extends EventLoop {
    final Poller poller;
    private final RawLoopServer rawServer;
    private final Arena arena = Arena.ofShared();
    final MemorySegment readSegment = arena.allocate(READ_BUFFER, 64);
    private final ByteBuffer readBuffer = readSegment.asByteBuffer();
    /** Bytes of a heap buffer go through here on their way to the kernel. */
    final MemorySegment writeScratch = arena.allocate(READ_BUFFER, 64);
    /** The off_t sendfile(2) reads its file offset from and advances. */
    final MemorySegment sendfileOffset = arena.allocate(ValueLayout.JAVA_LONG);
    private RawConn[] byFd = new RawConn[1024];
    private int listenerFd = -1;
    private final Poller.Sink dispatch = this::dispatch;

    /** Opens the loop's poller, reporting to the loop's probe. */
    @FunctionalInterface
    interface PollerFactory {
        Poller open(SyscallProbe probe) throws IOException;
    }

    RawLoop(RawLoopServer server, PollerFactory pollers) throws IOException {
        super(server);
        this.rawServer = server;
        this.poller = pollers.open(probe);
    }

    @Override
    public ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** Makes this loop the acceptor for {@code listener}. Before the loop starts. */
    void watchListener(NativeSocket listener) throws IOException {
        listenerFd = listener.fileno();
        poller.add(listenerFd, LoopConn.READ);
    }

    @Override
    public void waitAndDispatch(long timeoutNanos) throws IOException {
        poller.poll(timeoutNanos, dispatch);
    }

    private void dispatch(int fd, int ready, boolean hangup) {
        if (fd == listenerFd) {
            rawServer.acceptReady(this);
            return;
        }
        RawConn conn = fd < byFd.length ? byFd[fd] : null;
        if (conn != null) {
            conn.onReady(ready, hangup);
        }
    }

    /** Takes over an accepted, non-blocking socket. Loop thread. */
    void adopt(NativeSocket socket, long id) {
        int fd = socket.fileno();
        if (fd >= byFd.length) {
            byFd = Arrays.copyOf(byFd, Math.max(fd + 1, byFd.length * 2));
        }
        RawConn conn = new RawConn(this, socket, id);
        byFd[fd] = conn;
        try {
            poller.add(fd, 0);
        } catch (IOException e) {
            server.log("cannot watch " + socket + ": " + e.getMessage());
            conn.closeNow(e);
            return;
        }
        conn.opened();
    }

    /** Forgets a connection's descriptor; it is closed next. Loop thread. */
    void forget(int fd) {
        byFd[fd] = null;
        try {
            poller.remove(fd);
        } catch (IOException e) {
            server.log("cannot stop watching fd " + fd + ": " + e.getMessage());
        }
    }

    @Override
    public void stopAccepting() {
        try {
            poller.remove(listenerFd);
        } catch (IOException e) {
            server.log("cannot pause accepting: " + e.getMessage());
        }
    }

    @Override
    public void resumeAccepting() {
        try {
            poller.add(listenerFd, LoopConn.READ);
        } catch (IOException e) {
            server.log("cannot resume accepting: " + e.getMessage());
        }
    }

    @Override
    public void wakeup() {
        poller.wakeup();
    }

    @Override
    public void closeMechanism() {
        poller.close();
        arena.close();
    }
}
