package org.iomodels.engine.green;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.iomodels.engine.base.AbstractServer;
import org.iomodels.engine.loop.OutputOwner;
import org.iomodels.green.GreenletExit;
import org.iomodels.green.Hub;
import org.iomodels.server.IdleTimeoutException;
import org.iomodels.sys.SyscallCounters;
import org.iomodels.sys.SyscallProbe;

/**
 * One thread of the {@code green} engine and its hub: the greenlets of its connections, the
 * buffer their reads share, the idle scan, and the stop. Everything here is the hub thread's;
 * other threads reach it through {@link #execute}.
 */
final class GreenHub implements OutputOwner {
    /** What wakes a reader whose connection was closed under it: it looks at the connection's cause, not at this. */
    static final SocketException CLOSED = new SocketException("connection closed") {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };
    /** How long a stop waits for the connections' greenlets to tell their handlers. */
    private static final double STOP_GRACE_SECONDS = 5;

    final GreenServer server;
    final SyscallCounters counters;
    final SyscallProbe probe;
    private final Arena arena = Arena.ofShared();
    /** The read buffer of the greenlets of this hub; one that parks inside onData keeps it, and the others read into their own. */
    final MemorySegment readSegment = arena.allocate(AbstractServer.READ_BUFFER, 64);
    final ByteBuffer readBuffer = readSegment.asByteBuffer();
    boolean readBufferBusy;
    /** Bytes of a heap buffer go through here on their way to the kernel (a send never parks in between). */
    final MemorySegment writeScratch = arena.allocate(AbstractServer.READ_BUFFER, 64);
    final MemorySegment sendfileOffset = arena.allocate(ValueLayout.JAVA_LONG);
    private final long idleNanos;
    private final CountDownLatch ready = new CountDownLatch(1);
    /** The connections' greenlets that have not ended (their connection open, or telling its handler): the idle scan and a stop go through them. */
    private final Set<ConnGreenlet> live = new HashSet<>();
    private volatile Hub hub;
    private volatile Thread thread;
    private volatile Throwable failedToStart;
    private double stopDeadline;
    private boolean endedLeftovers;
    private boolean stopRequested;

    GreenHub(GreenServer server) {
        this.server = server;
        this.counters = server.newCounters();
        this.probe = server.probe(counters);
        this.idleNanos = server.config.idleTimeout() == null ? 0 : server.config.idleTimeout().toNanos();
    }

    /** Starts the thread and waits until its hub is up. */
    void start(String name) throws IOException {
        thread = Thread.ofPlatform().name(name).start(this::run);
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + name);
        }
        if (failedToStart != null) {
            throw new IOException("cannot start " + name + ": " + failedToStart, failedToStart);
        }
    }

    private void run() {
        try {
            hub = Hub.open(probe);
        } catch (RuntimeException | Error e) {
            failedToStart = e;
            ready.countDown();
            arena.close();
            server.retire(counters);
            return;
        }
        ready.countDown();
        try {
            if (idleNanos > 0) {
                hub.callLater(scanPeriod(), this::closeIdle);
            }
            hub.runForever();
        } catch (Throwable t) {
            server.log("hub " + Thread.currentThread().getName() + " failed: " + t);
        } finally {
            IOException stopped = new IOException("server stopped");
            for (GreenConn c : openConns()) {
                c.closeNow(stopped); // what a failed hub left: closed, though its greenlets can no longer tell their handlers
            }
            hub.close();
            arena.close();
            server.retire(counters);
        }
    }

    Hub hub() {
        return hub;
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void execute(Runnable task) {
        hub.callSoonThreadsafe(task);
    }

    @Override
    public void callLater(long delayNanos, Runnable task) {
        double when = hub.time() + delayNanos / 1e9;
        if (inLoop()) {
            hub.callAt(when, task);
        } else {
            hub.callSoonThreadsafe(() -> hub.callAt(when, task));
        }
    }

    @Override
    public SyscallProbe probe() {
        return probe;
    }

    boolean idleTimeoutEnabled() {
        return idleNanos > 0;
    }

    void greenletStarted(ConnGreenlet g) {
        live.add(g);
    }

    void greenletEnded(ConnGreenlet g) {
        live.remove(g);
    }

    private List<GreenConn> openConns() {
        List<GreenConn> open = new ArrayList<>(live.size());
        for (ConnGreenlet g : live) {
            if (g.conn.isOpen()) {
                open.add(g.conn);
            }
        }
        return open;
    }

    private double scanPeriod() {
        return Math.max(idleNanos / 4, 1_000_000) / 1e9; // four scans per timeout: an idle connection lives at most 1.25 x it
    }

    private void closeIdle() {
        long now = System.nanoTime();
        IdleTimeoutException idle = null;
        for (GreenConn c : openConns()) {
            if (now - c.lastActive > idleNanos) {
                if (idle == null) {
                    idle = new IdleTimeoutException(server.config.idleTimeout());
                }
                c.closeNow(idle);
            }
        }
        hub.callLater(scanPeriod(), this::closeIdle);
    }

    /** Closes every connection, lets their greenlets tell their handlers, then ends the thread. Any thread. */
    void stop() {
        if (hub == null) {
            return; // never started
        }
        execute(() -> {
            if (stopRequested) {
                return; // asked twice (the server stops and then joins each hub): the first stop's graces hold
            }
            stopRequested = true;
            IOException stopped = new IOException("server stopped");
            for (GreenConn c : openConns()) {
                c.closeNow(stopped);
            }
            stopDeadline = hub.time() + STOP_GRACE_SECONDS;
            hub.callSoon(this::stopWhenDone);
        });
    }

    private void stopWhenDone() {
        if (!live.isEmpty() && hub.time() < stopDeadline) {
            hub.callLater(0.001, this::stopWhenDone); // a handler that parks (in onData, in onClose): give it its turns
            return;
        }
        if (!live.isEmpty() && !endedLeftovers) {
            server.log(live.size() + " connection greenlets did not end within " + STOP_GRACE_SECONDS
                    + " s of the stop: ending them (GreenletExit), so that their handlers hear of it");
            endedLeftovers = true;
            stopDeadline = hub.time() + 1; // their onClose may park too: a second, shorter grace
            for (ConnGreenlet g : new ArrayList<>(live)) {
                hub.callSoon(() -> {
                    if (live.contains(g) && g.isActive()) { // it may have ended meanwhile: then nothing to end
                        g.throwInto(new GreenletExit());
                    }
                });
            }
            hub.callSoon(this::stopWhenDone);
            return;
        }
        if (!live.isEmpty()) {
            server.log(live.size() + " connection greenlets still had not ended: the hub stops without them");
        }
        hub.stop();
    }

    void join(long millis) throws InterruptedException {
        if (thread != null) {
            thread.join(millis);
        }
    }

    boolean isAlive() {
        return thread != null && thread.isAlive();
    }
}
