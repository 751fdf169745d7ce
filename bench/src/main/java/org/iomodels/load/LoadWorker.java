package org.iomodels.load;

import static org.iomodels.sys.Epoll.EPOLLIN;
import static org.iomodels.sys.Epoll.EPOLLOUT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;
import org.iomodels.sys.Epoll;
import org.iomodels.sys.Errno;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.Socket;

/**
 * One load-generator thread: an {@code epoll(7)} loop (level-triggered) over its share of the
 * connections, writing each message straight from the {@link BytePattern}, verifying every
 * echoed byte against it, and recording each message's latency in its own HdrHistogram.
 *
 * <p>Closed loop: each connection keeps {@code pipeline} messages in flight, a reply's completion
 * sending the next; latency runs from the send. Open loop (as wrk2): message {@code m} of this
 * worker is due at {@code t0 + m / rate} on connection {@code m % busy}, and its latency runs from
 * that intended time, so a server stall shows in every message it delayed (no coordinated omission).
 */
final class LoadWorker implements Runnable {
    /** Latencies above a minute are recorded as a minute. */
    static final long MAX_LATENCY_NANOS = 60_000_000_000L;
    private static final int EVENTS = 1024;

    private final LoadConfig config;
    private final int busy;
    private final int idle;
    private final int firstBusy;
    private final BytePattern pattern;
    private final LoadPhases phases;
    private final CountDownLatch connected;
    private final LoadConn[] conns;
    private final double intervalNanos;

    final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
    final LoadErrors errors = new LoadErrors();
    long msgs;
    long totalMsgs;
    long outstanding;
    int opened;

    private int epfd = -1;
    private MemorySegment scratch;
    private MemorySegment readBuf;
    private boolean measuring;
    private boolean running;

    LoadWorker(LoadConfig config, int firstBusy, int busy, int idle, BytePattern pattern, LoadPhases phases,
               CountDownLatch connected) {
        this.config = config;
        this.firstBusy = firstBusy;
        this.busy = busy;
        this.idle = idle;
        this.pattern = pattern;
        this.phases = phases;
        this.connected = connected;
        this.conns = new LoadConn[busy + idle];
        this.intervalNanos = config.openLoop() && busy > 0 ? 1e9 * config.conns() / (config.rate() * busy) : 0;
    }

    @Override
    public void run() {
        try (Arena arena = Arena.ofConfined()) {
            scratch = Epoll.newEvents(arena, 1);
            readBuf = arena.allocate(BytePattern.MAX_CHUNK, 64);
            MemorySegment events = Epoll.newEvents(arena, EVENTS);
            MemorySegment timespec = arena.allocate(Epoll.TIMESPEC);
            try {
                epfd = Epoll.create(Epoll.EPOLL_CLOEXEC);
                new LoadConnector(config, epfd, scratch, errors).open(conns, busy, firstBusy);
            } catch (IOException | RuntimeException e) {
                errors.connect("load worker could not start: " + e.getMessage());
            } finally {
                opened = countOpen();
                connected.countDown();
            }
            if (phases.awaitStart() && epfd >= 0) {
                loop(events, timespec);
            }
        } finally {
            closeAll();
        }
    }

    private void loop(MemorySegment events, MemorySegment timespec) {
        running = true;
        long now = System.nanoTime();
        if (!config.openLoop()) {
            for (LoadConn c : conns) {
                if (c != null && !c.idle()) {
                    for (int i = 0; i < config.pipeline(); i++) {
                        queue(c, now);
                    }
                    flush(c);
                }
            }
        }
        long nextDue = phases.t0;
        long m = 0;
        while (true) {
            now = System.nanoTime();
            if (!measuring && now >= phases.warmEnd) {
                measuring = true;
                latency.reset();
                msgs = 0;
            }
            if (now >= phases.end) {
                break;
            }
            if (config.openLoop()) {
                while (nextDue <= now) {
                    LoadConn c = conns[(int) (m % busy)];
                    if (c != null && c.open) {
                        queue(c, now);
                        flush(c);
                    }
                    m++;
                    nextDue = phases.t0 + (long) (m * intervalNanos);
                }
            }
            long wake = config.openLoop() ? Math.min(nextDue, phases.end) : phases.end;
            if (!measuring) {
                wake = Math.min(wake, phases.warmEnd);
            }
            int n;
            try {
                n = Epoll.waitNanos(epfd, events, EVENTS, Math.max(0, wake - now), timespec);
            } catch (ErrnoException e) {
                errors.lost("epoll_wait failed, the worker stops: " + e.getMessage());
                break;
            }
            for (int i = 0; i < n; i++) {
                LoadConn c = conns[(int) Epoll.data(events, i)];
                if (!c.open) {
                    continue;
                }
                int ready = Epoll.events(events, i);
                if ((ready & EPOLLOUT) != 0) {
                    flush(c);
                }
                if ((ready & ~EPOLLOUT) != 0 && c.open) {
                    receive(c);
                }
            }
        }
        running = false;
        for (LoadConn c : conns) {
            if (c != null && !c.idle()) {
                outstanding += c.queued - c.done;
            }
        }
    }

    /** Queues one more message on {@code c}; closed loop notes its send time. */
    private void queue(LoadConn c, long now) {
        if (c.sentAt != null && !config.openLoop()) {
            c.sentAt[(int) (c.queued % config.pipeline())] = now;
        }
        c.queued++;
        c.toSend += config.size();
    }

    private void flush(LoadConn c) {
        try {
            while (c.toSend > 0) {
                long len = Math.min(c.toSend, BytePattern.MAX_CHUNK);
                int w = Socket.send(c.fd, pattern.chunk(c.start, c.sendPos, len), len, Socket.MSG_NOSIGNAL);
                if (w == Libc.WOULD_BLOCK) {
                    interest(c, true);
                    return;
                }
                c.sendPos += w;
                c.toSend -= w;
            }
            interest(c, false);
        } catch (ErrnoException e) {
            lose(c, "send failed after " + c.sendPos + " bytes: " + e.getMessage());
        }
    }

    private void interest(LoadConn c, boolean write) throws ErrnoException {
        if (c.wantWrite != write) {
            c.wantWrite = write;
            Epoll.ctl(epfd, Epoll.EPOLL_CTL_MOD, c.fd, write ? EPOLLIN | EPOLLOUT : EPOLLIN, c.index(), scratch);
        }
    }

    private void receive(LoadConn c) {
        int n;
        try {
            n = Libc.read(c.fd, readBuf, readBuf.byteSize());
        } catch (ErrnoException e) {
            lose(c, "read failed after " + c.recvPos + " bytes: " + e.getMessage());
            return;
        }
        if (n == Libc.WOULD_BLOCK) {
            return;
        }
        if (n == 0) {
            lose(c, "closed by the server after echoing " + c.recvPos + " of " + c.sendPos + " bytes");
            return;
        }
        long now = System.nanoTime();
        if (!verify(c, n)) {
            return;
        }
        c.recvPos += n;
        long size = config.size();
        while (c.recvPos >= (c.done + 1) * size) {
            long sent = config.openLoop()
                    ? phases.t0 + (long) ((c.done * busy + c.local) * intervalNanos)
                    : c.sentAt[(int) (c.done % config.pipeline())];
            c.done++;
            totalMsgs++;
            if (measuring && now < phases.end) {
                latency.recordValue(Math.min(Math.max(0, now - sent), MAX_LATENCY_NANOS));
                msgs++;
            }
            if (!config.openLoop() && running) {
                queue(c, now);
            }
        }
        if (c.toSend > 0 && !c.wantWrite) {
            flush(c);
        }
    }

    /** Checks the {@code n} bytes just read against what {@code c} sent; a difference is an error. */
    private boolean verify(LoadConn c, int n) {
        if (c.idle()) {
            corrupt(c, "the server sent " + n + " bytes on a connection that sent nothing");
            return false;
        }
        if (c.recvPos + n > c.sendPos) {
            corrupt(c, (c.recvPos + n - c.sendPos) + " bytes more than were sent came back");
            return false;
        }
        long at = pattern.mismatch(readBuf, n, c.start, c.recvPos);
        if (at >= 0) {
            byte got = readBuf.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at);
            corrupt(c, String.format("byte %d of the stream differs: sent 0x%02x, got back 0x%02x",
                    c.recvPos + at, pattern.expected(c.start, c.recvPos + at) & 0xff, got & 0xff));
            return false;
        }
        return true;
    }

    private void corrupt(LoadConn c, String what) {
        errors.corrupt("connection " + describe(c) + ": " + what);
        close(c);
    }

    private void lose(LoadConn c, String what) {
        if (running) { // after the end, closes and resets are ours, not the server's
            errors.lost("connection " + describe(c) + ": " + what);
        }
        close(c);
    }

    private String describe(LoadConn c) {
        return (c.idle() ? "idle #" : "#") + c.index() + " (fd " + c.fd + ")";
    }

    private void close(LoadConn c) {
        if (c.open) {
            c.open = false;
            try {
                Libc.close(c.fd);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EBADF) {
                    errors.lost("close: " + e.getMessage());
                }
            }
        }
    }

    private int countOpen() {
        int n = 0;
        for (LoadConn c : conns) {
            n += c != null && c.open ? 1 : 0;
        }
        return n;
    }

    private void closeAll() {
        for (LoadConn c : conns) {
            if (c != null) {
                close(c);
            }
        }
        if (epfd >= 0) {
            try {
                Libc.close(epfd);
            } catch (ErrnoException ignored) {
                // closing our own epoll fd at exit cannot lose data
            }
            epfd = -1;
        }
    }
}
