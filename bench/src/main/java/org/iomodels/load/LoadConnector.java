package org.iomodels.load;

import java.io.IOException;
import java.util.Arrays;
import org.iomodels.poller.EpollPoller;
import org.iomodels.poller.Poller;
import org.iomodels.sys.Errno;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.Socket;

/**
 * Opens a worker's connections with non-blocking {@code connect(2)}, at most {@link #IN_FLIGHT}
 * handshakes at a time so a server's accept backlog is never flooded (a dropped SYN costs a
 * one-second retransmit, which would show as a fake latency spike), each completion confirmed by
 * {@code SO_ERROR} once epoll reports the socket writable. It also keeps the table from
 * descriptor to connection that the worker then finds each ready connection by.
 */
final class LoadConnector {
    static final int IN_FLIGHT = 128;
    private static final long TIMEOUT_NANOS = 10_000_000_000L;

    private final LoadConfig config;
    private final EpollPoller poller;
    private final LoadErrors errors;
    private LoadConn[] byFd = new LoadConn[1024];
    private final Poller.Sink connected = (fd, ready, hangup) -> finish(byFd[fd]);
    private int pending;

    LoadConnector(LoadConfig config, EpollPoller poller, LoadErrors errors) {
        this.config = config;
        this.poller = poller;
        this.errors = errors;
    }

    /** The connection on each descriptor, for the worker's loop. */
    LoadConn[] byFd() {
        return byFd;
    }

    /** Fills {@code conns}: the first {@code busy} send (stream starts from {@code firstBusy}), the rest idle. */
    void open(LoadConn[] conns, int busy, int firstBusy) throws IOException {
        int next = 0;
        pending = 0;
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (next < conns.length || pending > 0) {
            while (next < conns.length && pending < IN_FLIGHT) {
                int local = next < busy ? next : -1;
                LoadConn c = start(next, local, local >= 0 ? BytePattern.start(firstBusy + local) : 0);
                conns[next++] = c;
                if (c != null) {
                    pending++;
                    deadline = System.nanoTime() + TIMEOUT_NANOS; // progress: the clock restarts
                }
            }
            poller.poll(100_000_000L, connected);
            if (pending > 0 && System.nanoTime() > deadline) {
                for (LoadConn c : conns) {
                    if (c != null && c.open && c.wantWrite) {
                        fail(c, "connect to " + config.target() + " timed out after 10 s");
                    }
                }
                pending = 0;
            }
        }
    }

    private LoadConn start(int index, int local, int start) {
        int fd = -1;
        try {
            fd = Socket.socket(Socket.AF_INET, Socket.SOCK_STREAM | Socket.SOCK_NONBLOCK | Socket.SOCK_CLOEXEC, 0);
            Socket.setsockopt(fd, Socket.IPPROTO_TCP, Socket.TCP_NODELAY, 1);
            Socket.connect(fd, config.target());
            LoadConn c = new LoadConn(fd, index, local, start, config.pipeline());
            c.wantWrite = true; // until the handshake completes
            poller.add(fd, Poller.WRITE);
            if (fd >= byFd.length) {
                byFd = Arrays.copyOf(byFd, Math.max(fd + 1, byFd.length * 2));
            }
            byFd[fd] = c;
            return c;
        } catch (ErrnoException e) {
            errors.connect(e.getMessage());
            closeQuietly(fd);
            return null;
        }
    }

    private void finish(LoadConn c) {
        pending--;
        try {
            int err = Socket.getsockopt(c.fd, Socket.SOL_SOCKET, Socket.SO_ERROR);
            if (err != 0) {
                fail(c, new ErrnoException("connect(fd=" + c.fd + ", " + config.target() + ")", err).getMessage());
                return;
            }
            c.wantWrite = false;
            poller.modify(c.fd, Poller.READ);
        } catch (ErrnoException e) {
            fail(c, e.getMessage());
        }
    }

    private void fail(LoadConn c, String what) {
        errors.connect(what);
        c.open = false;
        try {
            poller.remove(c.fd);
        } catch (ErrnoException e) {
            poller.forget(c.fd); // closing it below removes it from the set anyway
        }
        closeQuietly(c.fd);
    }

    private static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                Libc.close(fd);
            } catch (ErrnoException e) {
                assert e.errno() == Errno.EBADF : e;
            }
        }
    }
}
