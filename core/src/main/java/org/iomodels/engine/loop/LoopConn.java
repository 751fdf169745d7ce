package org.iomodels.engine.loop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.iomodels.engine.base.FileRegion;
import org.iomodels.poller.Poller;
import org.iomodels.server.Handler;
import org.iomodels.server.ShortFileException;

/**
 * A connection of an event loop, whatever the readiness mechanism: the write queue,
 * backpressure, the half-close and close rules, and the calls into the {@link Handler}. A
 * subclass moves bytes ({@link #transportRead}, {@link #transportWrite},
 * {@link #transportSendFile}) and tells its mechanism what to watch ({@link #applyInterest}).
 * The output side (the write queue, backpressure, the shutdown and close that wait for the queue,
 * other threads' writes handed to the loop) is a {@link LoopConnOutput}.
 *
 * <p>State is owned by the loop thread. Other threads' calls become loop tasks; only the queue's
 * pending count (for {@link #isWritable}), the output's count of writes handed over and
 * {@link #open} are read across threads.
 */
public abstract class LoopConn extends QueuedConn {
    /** Interest bits, the poller family's own. */
    public static final int READ = Poller.READ;
    public static final int WRITE = Poller.WRITE;

    public final EventLoop loop;
    private final Handler handler;
    private int interest;
    private boolean opened;
    private boolean inputClosed;
    public long lastActive = System.nanoTime();

    public LoopConn(EventLoop loop, long id) {
        super(id, loop, loop.server.config);
        this.loop = loop;
        this.handler = loop.server.handler;
    }

    /** Reads into the loop's buffer: bytes read, 0 at end of stream, -1 if nothing is there. */
    public abstract int transportRead() throws IOException;

    /** Writes from {@code src}, advancing its position: bytes written, 0 if the socket is full. */
    public abstract int transportWrite(ByteBuffer src) throws IOException;

    /** Opens {@code file} the way {@link #transportSendFile} sends it. The calling thread, any. */
    public abstract FileRegion openFile(Path file, long position, long count) throws IOException;

    /**
     * Sends from {@code region} (remaining > 0), advancing it: bytes sent, 0 if the socket is
     * full. Throws {@link ShortFileException} if the file ends before the region does.
     */
    public abstract long transportSendFile(FileRegion region) throws IOException;

    public abstract void transportShutdownOutput() throws IOException;

    /** Stops watching and closes the socket. */
    public abstract void transportClose();

    /** Tells the mechanism to watch {@code interest} (READ and/or WRITE, or nothing). */
    public abstract void applyInterest(int interest) throws IOException;

    /** Called on the loop once the connection is registered. */
    public final void opened() {
        opened = true;
        loop.conns.add(this);
        updateInterest();
        try {
            handler.onOpen(this);
        } catch (RuntimeException | Error e) {
            handlerFailed("onOpen", e);
        }
    }

    /** The mechanism says: {@code ready} (READ/WRITE bits); {@code hangup} if the peer is gone both ways. */
    public final void onReady(int ready, boolean hangup) {
        try {
            dispatch(ready, hangup);
        } catch (RuntimeException | Error e) {
            // A bug or a resource failure in one connection's path ends that connection, not the loop.
            loop.server.log("connection " + id + " failed: " + e);
            closeNow(e);
        }
    }

    private void dispatch(int ready, boolean hangup) {
        if ((ready & WRITE) != 0 && open) {
            output.flush();
        }
        if ((ready & READ) != 0 && open && (interest & READ) != 0) {
            onReadable();
        } else if (hangup && open && (interest & READ) == 0) {
            // Not reading (paused or input closed) yet told the peer is gone: a level-triggered
            // mechanism would report this forever, so end it here.
            closeNow(new IOException("peer hung up"));
        }
    }

    /** Notes activity for the idle timeout; without one, no clock read on the hot path. */
    public final void touch() {
        if (loop.idleTimeoutEnabled()) {
            lastActive = System.nanoTime();
        }
    }

    private void onReadable() {
        int n;
        try {
            n = transportRead();
        } catch (IOException e) {
            closeNow(e);
            return;
        }
        if (n > 0) {
            touch();
            countRead(n);
            ByteBuffer data = loop.readBuffer().clear().limit(n);
            try {
                handler.onData(this, data);
            } catch (RuntimeException | Error e) {
                handlerFailed("onData", e);
            }
        } else if (n == 0) {
            inputClosed = true;
            updateInterest();
            try {
                handler.onInputClosed(this);
            } catch (RuntimeException | Error e) {
                handlerFailed("onInputClosed", e);
            }
        }
    }

    /** Watches for reading unless input is closed or paused, and for writing while output is queued. */
    public final void updateInterest() {
        if (!open || !opened) {
            return;
        }
        int want = (inputClosed || output.readPaused() ? 0 : READ) | (output.hasQueued() ? WRITE : 0);
        if (want != interest) {
            try {
                applyInterest(want);
                interest = want;
            } catch (IOException e) {
                closeNow(e);
            }
        }
    }

    /** Closes at once and tells the handler, once. Loop thread only. */
    public final void closeNow(Throwable cause) {
        if (!open) {
            return;
        }
        open = false;
        loop.conns.remove(this);
        transportClose();
        output.dropAll();
        loop.server.closedOne();
        if (opened) {
            loop.server.notifyClosed(this, cause);
        }
    }

    /** The queue drained below the low-water mark and reading resumed: the handler may write again. */
    public final void drained() {
        try {
            handler.onDrained(this);
        } catch (RuntimeException | Error e) {
            handlerFailed("onDrained", e);
        }
    }

    /** The peer has sent end of stream. Loop thread. */
    public final boolean isInputClosed() {
        return inputClosed;
    }

    @Override
    protected void taskDue(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            handlerFailed("callLater task", e);
        }
    }

    private void handlerFailed(String callback, Throwable e) {
        loop.server.log("handler." + callback + " threw " + e + "; closing connection " + id);
        closeNow(e);
    }

}
