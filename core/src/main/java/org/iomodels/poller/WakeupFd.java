package org.iomodels.poller;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.SyscallProbe;

/**
 * An {@code eventfd(2)} that a poller watches for reading, so another thread can end its wait:
 * {@link #signal} adds to the counter (readable), {@link #drain} resets it.
 */
public final class WakeupFd implements AutoCloseable {
    public final int fd;
    // Freed by the GC rather than by close(): another thread may be inside signal() when the
    // loop closes, and these 16 bytes are allocated once per loop.
    private final MemorySegment one = Arena.ofAuto().allocateFrom(ValueLayout.JAVA_LONG, 1L);
    private final MemorySegment sink = Arena.ofAuto().allocate(ValueLayout.JAVA_LONG);
    private boolean closed;

    public WakeupFd() throws ErrnoException {
        this(true);
    }

    /** Blocking for io_uring, which reads it with an operation of its own and must not be told EAGAIN. */
    public WakeupFd(boolean nonBlocking) throws ErrnoException {
        fd = Libc.eventfd(0, (nonBlocking ? Libc.O_NONBLOCK : 0) | Libc.O_CLOEXEC);
    }

    /**
     * Any thread. A full counter (EAGAIN) is already readable, which is all that is wanted.
     * Synchronized with {@link #close} so a late signal never writes to a descriptor number the
     * process has since given to something else.
     */
    public synchronized void signal() {
        if (closed) {
            return;
        }
        try {
            Libc.write(fd, one, 8);
        } catch (ErrnoException e) {
            throw new IllegalStateException("cannot wake the event loop: " + e.getMessage(), e);
        }
    }

    /** Ends {@code owner}'s wait through {@code wakeup}, or refuses: {@code owner} was opened without one. */
    static void signal(WakeupFd wakeup, Poller owner) {
        if (wakeup == null) {
            throw new UnsupportedOperationException("this " + owner.getClass().getSimpleName() + " was opened without a wake-up");
        }
        wakeup.signal();
    }

    /** A poller's last step of close: its wake-up (if it has one), then its arena, even if the first fails. */
    static void closeWith(WakeupFd wakeup, java.lang.foreign.Arena arena) {
        try {
            if (wakeup != null) {
                wakeup.close();
            }
        } finally {
            arena.close();
        }
    }

    /** The loop thread, when the poller reports fd readable. */
    public void drain(SyscallProbe probe) {
        try {
            Libc.read(fd, sink, 8, probe);
        } catch (ErrnoException e) {
            throw new IllegalStateException("cannot reset the wake-up eventfd: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Libc.close(fd);
        } catch (ErrnoException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
