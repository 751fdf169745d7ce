package org.iomodels.engine.green;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.iomodels.engine.base.FileRegion;
import org.iomodels.engine.base.RawSocketIo;
import org.iomodels.engine.base.SocketAddresses;
import org.iomodels.engine.loop.LoopConnOutput;
import org.iomodels.engine.loop.QueuedConn;
import org.iomodels.green.Event;
import org.iomodels.green.GreenFd;
import org.iomodels.server.Handler;
import org.iomodels.sys.NativeSocket;

/**
 * A connection of the {@code green} engine, served by a greenlet of its own
 * ({@link ConnGreenlet}), which makes every handler call. The output is the event loops' own
 * ({@link LoopConnOutput}): what the socket does not take is queued and sent by a writer on the
 * hub when the socket becomes writable, and past the high-water mark the greenlet stops reading
 * until the queue drains. A close from anywhere ({@link #closeNow}) wakes the greenlet, which
 * then tells the handler. State is the hub thread's; other threads' calls become hub tasks.
 */
final class GreenConn extends QueuedConn {
    final GreenHub hub;
    private final NativeSocket socket;
    final int fd;
    final GreenFd waits;
    private final SocketAddresses addresses;
    final Handler handler;
    boolean opened;
    boolean inputClosed;
    boolean drainedPending;
    private boolean pauseSeen;
    private Runnable writer; // watching for writability while output is queued; null when not
    Event resume; // made the first time the greenlet pauses (backpressure, input closed)
    java.util.ArrayDeque<Runnable> dueTasks; // callLater tasks due, for the greenlet to run; made on first use
    Throwable cause;
    long lastActive = System.nanoTime();

    GreenConn(GreenHub hub, NativeSocket socket, long id) {
        super(id, hub, hub.server.config);
        this.hub = hub;
        this.socket = socket;
        this.fd = socket.fileno();
        this.waits = new GreenFd(fd);
        this.addresses = new SocketAddresses(fd);
        this.handler = hub.server.handler;
    }

    /** On the hub: the connection's greenlet starts on the hub's next turn. */
    void start() {
        ConnGreenlet g = new ConnGreenlet(this);
        hub.hub().callSoon(() -> g.switchTo(null));
        hub.greenletStarted(g); // last: if anything above failed, the caller closes the socket, and nothing else knows of it
    }

    /** Backpressure is on: the greenlet reads no more until the queue drains. Hub thread. */
    boolean readPaused() {
        return output.readPaused();
    }

    /** The greenlet runs it, between its handler calls (a handler may park inside one): woken if it waits. */
    @Override
    protected void taskDue(Runnable task) {
        if (dueTasks == null) {
            dueTasks = new java.util.ArrayDeque<>();
        }
        dueTasks.add(task);
        waits.wakeReader();
        if (resume != null) {
            resume.set();
        }
    }

    @Override
    public void closeNow(Throwable why) {
        if (!open) {
            return;
        }
        open = false;
        cause = why;
        if (writer != null) {
            unwatchWriter();
        }
        waits.beforeClose(GreenHub.CLOSED); // wakes the greenlet if it waits to read; the hub forgets the fd
        if (resume != null) {
            resume.set(); // wakes it if it is paused
        }
        addresses.closed();
        socket.close(hub.probe);
        output.dropAll();
        hub.server.closedOne();
    }

    @Override
    public void updateInterest() {
        if (!open) {
            return;
        }
        if (output.readPaused() && !pauseSeen) { // backpressure on: a greenlet waiting to read must wait for the drain instead
            pauseSeen = true;
            waits.wakeReader();
        } else if (!output.readPaused()) {
            pauseSeen = false;
        }
        if (output.hasQueued() && writer == null) {
            writer = this::flush;
            try {
                hub.hub().addWriter(fd, writer);
            } catch (IOException e) {
                writer = null;
                closeNow(e);
            }
        } else if (!output.hasQueued() && writer != null) {
            unwatchWriter();
        }
    }

    private void unwatchWriter() {
        writer = null;
        try {
            hub.hub().removeWriter(fd);
        } catch (IOException e) {
            hub.server.log("cannot stop watching fd " + fd + " for writing: " + e.getMessage());
        }
    }

    private void flush() {
        try {
            output.flush();
        } catch (RuntimeException | Error e) {
            hub.server.log("connection " + id + " failed: " + e);
            closeNow(e);
        }
    }

    @Override
    public void drained() {
        drainedPending = true; // the greenlet calls onDrained: every handler call comes from it
        if (resume != null) {
            resume.set();
        }
        waits.wakeReader(); // if it had gone back to waiting for input meanwhile
    }

    @Override
    public void touch() {
        if (hub.idleTimeoutEnabled()) {
            lastActive = System.nanoTime();
        }
    }

    @Override
    public int transportWrite(ByteBuffer src) throws IOException {
        return RawSocketIo.send(fd, src, hub.writeScratch, hub.counters, hub.probe);
    }

    @Override
    public FileRegion openFile(Path file, long position, long count) throws IOException {
        return FileRegion.openFd(file, position, count);
    }

    @Override
    public long transportSendFile(FileRegion region) throws IOException {
        return RawSocketIo.sendFile(fd, (FileRegion.Fd) region, hub.sendfileOffset, hub.counters, hub.probe);
    }

    @Override
    public void transportShutdownOutput() throws IOException {
        socket.shutdownOutput(hub.probe);
    }

    @Override
    public boolean isInputClosed() {
        return inputClosed;
    }

    @Override
    public InetSocketAddress localAddress() {
        return addresses.local();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return addresses.remote();
    }

    @Override
    public String toString() {
        return "conn " + id + " (fd " + fd + ")";
    }
}
