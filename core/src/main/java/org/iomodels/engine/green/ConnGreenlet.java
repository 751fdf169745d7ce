package org.iomodels.engine.green;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.iomodels.engine.base.AbstractServer;
import org.iomodels.green.Event;
import org.iomodels.green.Greenlet;
import org.iomodels.green.GreenletExit;
import org.iomodels.green.Timeout;
import org.iomodels.sys.Libc;

/**
 * The greenlet that serves one {@link GreenConn} blocking-style, as gevent's {@code StreamServer}
 * runs a handler per client: it waits for the socket to be readable (a park on the hub: the
 * thread serves the other connections meanwhile), reads, calls the handler, and goes round.
 * Every handler call of the connection comes from here, in order; the last is {@code onClose}.
 * While backpressure is on, or after end of stream, it waits for the connection's resume event.
 */
final class ConnGreenlet extends Greenlet {
    private static final String WAIT = "GreenConn.recv";

    final GreenConn conn;
    private final GreenHub hub;
    private MemorySegment ownBuffer; // made if the hub's buffer is busy (a handler parked inside onData)

    ConnGreenlet(GreenConn conn) {
        super(null, conn.hub.hub().greenlet());
        this.conn = conn;
        this.hub = conn.hub;
    }

    /** Ended before its first turn (a stop's GreenletExit): the connection closes, and it counts as ended. */
    @Override
    protected void diedBeforeRunning(Throwable cause) {
        conn.closeNow(cause);
        hub.greenletEnded(this);
    }

    @Override
    protected Object run(Object ignored) {
        GreenConn c = conn;
        try {
            if (c.isOpen()) {
                c.opened = true;
                call("onOpen", null);
            }
            boolean tryFirst = false; // read without waiting: the last read filled the buffer, more may be there
            while (c.isOpen()) {
                if (c.dueTasks != null && !c.dueTasks.isEmpty()) {
                    call("callLater task", null);
                } else if (c.drainedPending) {
                    c.drainedPending = false;
                    call("onDrained", null);
                } else if (c.inputClosed || c.readPaused()) {
                    pause();
                } else {
                    if (!tryFirst) {
                        c.waits.waitReadable(Double.POSITIVE_INFINITY, WAIT);
                    }
                    tryFirst = c.isOpen() && readOnce();
                }
            }
        } catch (Throwable t) {
            if (c.isOpen()) { // woken by anything but the connection's close: a failed wait, a handler's own Timeout, the stop's GreenletExit
                hub.server.log("connection " + c.id + " failed: " + t);
                c.closeNow(t);
            }
        } finally {
            try {
                if (c.opened) {
                    hub.server.notifyClosed(c, c.cause);
                }
            } finally {
                hub.greenletEnded(this); // after onClose, which may park: a stop waits for it
            }
        }
        return null;
    }

    /** One read and what it brings; true if it filled the buffer (read again before waiting). */
    private boolean readOnce() {
        GreenConn c = conn;
        boolean shared = !hub.readBufferBusy;
        MemorySegment into = shared ? hub.readSegment : ownBuffer();
        hub.readBufferBusy = true;
        try {
            int n;
            try {
                n = Libc.read(c.fd, into, AbstractServer.READ_BUFFER, hub.probe);
            } catch (IOException e) {
                c.closeNow(e);
                return false;
            }
            if (n == Libc.WOULD_BLOCK) {
                return false;
            }
            if (n == 0) {
                c.inputClosed = true;
                call("onInputClosed", null);
                return false;
            }
            hub.counters.received(n);
            c.touch();
            c.countRead(n);
            call("onData", (shared ? hub.readBuffer : into.asByteBuffer()).clear().limit(n));
            return n == AbstractServer.READ_BUFFER;
        } finally {
            if (shared) {
                hub.readBufferBusy = false;
            }
        }
    }

    private MemorySegment ownBuffer() {
        if (ownBuffer == null) {
            ownBuffer = Arena.ofAuto().allocate(AbstractServer.READ_BUFFER, 64);
        }
        return ownBuffer;
    }

    /** Waits until the queue drains, or the connection closes (after end of stream the handler did not close it). */
    private void pause() {
        GreenConn c = conn;
        if (c.resume == null) {
            c.resume = new Event();
        }
        c.resume.clear();
        if (c.isOpen() && !c.drainedPending && (c.dueTasks == null || c.dueTasks.isEmpty()) && (c.inputClosed || c.readPaused())) {
            c.resume.waitFor();
        }
    }

    private void call(String callback, ByteBuffer data) {
        GreenConn c = conn;
        try {
            switch (callback) {
                case "onOpen" -> c.handler.onOpen(c);
                case "onData" -> c.handler.onData(c, data);
                case "onDrained" -> c.handler.onDrained(c);
                case "callLater task" -> c.dueTasks.poll().run();
                default -> c.handler.onInputClosed(c);
            }
        } catch (Timeout | GreenletExit e) {
            throw e; // a handler's own timeout that escaped it, or the stop ending it: ends the connection in run
        } catch (RuntimeException | Error e) {
            hub.server.log("handler." + callback + " threw " + e + "; closing connection " + c.id);
            c.closeNow(e);
        }
    }
}
