package org.iomodels.load;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import org.iomodels.sys.Epoll;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Errno;
import org.iomodels.sys.Libc;
import org.iomodels.sys.Socket;

/**
 * Opens a worker's connections with non-blocking {@code connect(2)}, at most {@link #IN_FLIGHT}
 * handshakes at a time so a server's accept backlog is never flooded (a dropped SYN costs a
 * one-second retransmit, which would show as a fake latency spike), each completion confirmed by
 * {@code SO_ERROR} once epoll reports the socket writable.
 */
final class LoadConnector {
    static final int IN_FLIGHT = 128;
    private static final long TIMEOUT_NANOS = 10_000_000_000L;

    private final LoadConfig config;
    private final int epfd;
    private final MemorySegment scratch;
    private final LoadErrors errors;

    LoadConnector(LoadConfig config, int epfd, MemorySegment scratch, LoadErrors errors) {
        this.config = config;
        this.epfd = epfd;
        this.scratch = scratch;
        this.errors = errors;
    }

    /** Fills {@code conns}: the first {@code busy} send (stream starts from {@code firstBusy}), the rest idle. */
    void open(LoadConn[] conns, int busy, int firstBusy) throws IOException {
        MemorySegment events = Epoll.newEvents(java.lang.foreign.Arena.ofAuto(), IN_FLIGHT);
        int next = 0;
        int pending = 0;
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
            int n = Epoll.wait(epfd, events, IN_FLIGHT, 100);
            for (int i = 0; i < n; i++) {
                finish(conns[(int) Epoll.data(events, i)]);
                pending--;
            }
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
            Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, fd, Epoll.EPOLLOUT, index, scratch);
            return c;
        } catch (ErrnoException e) {
            errors.connect(e.getMessage());
            closeQuietly(fd);
            return null;
        }
    }

    private void finish(LoadConn c) {
        try {
            int err = Socket.getsockopt(c.fd, Socket.SOL_SOCKET, Socket.SO_ERROR);
            if (err != 0) {
                fail(c, new ErrnoException("connect(fd=" + c.fd + ", " + config.target() + ")", err).getMessage());
                return;
            }
            c.wantWrite = false;
            Epoll.ctl(epfd, Epoll.EPOLL_CTL_MOD, c.fd, Epoll.EPOLLIN, c.index(), scratch);
        } catch (ErrnoException e) {
            fail(c, e.getMessage());
        }
    }

    private void fail(LoadConn c, String what) {
        errors.connect(what);
        c.open = false;
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
