package org.iomodels.engine.base;

import java.io.Closeable;
import java.io.IOException;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;

/**
 * One descriptor held in reserve for when the process runs out (EMFILE, ENFILE). Then
 * {@code accept(2)} fails and leaves the client in the listen backlog, unanswered, for as long as
 * the shortage lasts; a server that only pauses keeps it waiting in silence. With the reserve
 * released there is room for one more descriptor: each waiting client is accepted and closed at
 * once, so it learns promptly that it will not be served, and the reserve is taken back (the
 * technique libuv uses in {@code uv__emfile_trick}). The reserve is {@code /dev/null}, read-only.
 * Used by one accepting thread at a time.
 */
public final class DescriptorReserve implements AutoCloseable {
    /** Clients shed per shortage at most, so a flood cannot hold the accepting thread. */
    public static final int MAX_SHED = 64;

    /** Accepts one waiting client without blocking; null when none is waiting. */
    @FunctionalInterface
    public interface Acceptor<T extends Closeable> {
        public T acceptOne() throws IOException;
    }

    /** What {@link #acceptInPlace} found: a client to serve, or none; and whether one was shed. */
    public record Found<T>(T client, boolean shed) {}

    private int fd = -1;
    private boolean closed;

    /** Takes the reserve (back); false if no descriptor is free for it, and then it is retried at the next shortage. */
    public synchronized boolean retake() {
        if (fd < 0 && !closed) {
            try {
                fd = Libc.open("/dev/null", Libc.O_RDONLY | Libc.O_CLOEXEC);
            } catch (ErrnoException e) {
                fd = -1;
            }
        }
        return fd >= 0;
    }

    /** Frees the reserve's descriptor for one accept; false if there was none to free. */
    public synchronized boolean release() {
        if (closed || !retake()) { // the last retake found no room; perhaps there is now
            return false;
        }
        closeFd();
        return true;
    }

    /**
     * Out of descriptors: releases the reserve, accepts up to {@link #MAX_SHED} waiting clients and
     * closes each at once, then takes the reserve back. Returns how many clients were closed.
     */
    public synchronized int shed(Acceptor<?> acceptor) {
        if (!release()) {
            return 0;
        }
        int shed = 0;
        try {
            for (; shed < MAX_SHED; shed++) {
                Closeable client = acceptor.acceptOne();
                if (client == null) {
                    break;
                }
                client.close();
            }
        } catch (IOException e) {
            // out of descriptors again (another thread took the slot) or the listener closed: stop here
        } finally {
            retake();
        }
        return shed;
    }

    /**
     * For an acceptor that must not retry a failing accept (each try fails at once with EMFILE,
     * as accept(2) takes the descriptor before it looks at the backlog): accepts a waiting client
     * in the reserve's place. If the reserve can then be taken back beside it, descriptors have
     * freed up and the client is to be served; if not it is closed at once (shed).
     */
    public synchronized <T extends Closeable> Found<T> acceptInPlace(Acceptor<T> acceptor) {
        boolean released = release();
        try {
            T client = acceptor.acceptOne();
            if (client == null) {
                return new Found<>(null, false);
            }
            if (!released || retake()) {
                return new Found<>(client, false);
            }
            client.close();
            return new Found<>(null, true);
        } catch (IOException e) {
            return new Found<>(null, false); // still no descriptor, even for one
        } finally {
            retake();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeFd();
    }

    private void closeFd() {
        if (fd >= 0) {
            try {
                Libc.close(fd);
            } catch (ErrnoException e) {
                // close(2) releases the descriptor whatever it reports
            }
            fd = -1;
        }
    }
}
