package org.iomodels.load;


import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;
import org.iomodels.poller.EpollPoller;
import org.iomodels.poller.Poller;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.Socket;
import org.iomodels.sys.SyscallProbe;

/**
 * One load-generator thread: an {@code epoll(7)} loop (level-triggered) over its share of the
 * connections, writing each message straight from the {@link BytePattern}, verifying every
 * echoed byte against it, and recording each message's latency in its own HdrHistogram.
 *
 * <p>Closed loop: each connection keeps {@code pipeline} messages in flight, a reply's completion
 * sending the next; latency runs from the send. Open loop (as wrk2, {@link OpenLoopPacer}): message
 * {@code m} of this worker is due at {@code t0 + m / rate} on connection {@code m % busy}, and its
 * latency runs from that intended time, so a server stall shows in every message it delayed (no
 * coordinated omission). Each turn sends at most {@link #SEND_BUDGET} bytes per connection and
 * stops at EAGAIN, so a rate beyond what the load can send leaves a backlog, never a loop that
 * stops reading; the result then reports messages sent against those due.
 */
final class LoadWorker implements Runnable {
    /** Latencies above a minute are recorded as a minute. */
    static final long MAX_LATENCY_NANOS = 60_000_000_000L;
    private static final int EVENTS = 1024;
    /** Bytes one connection sends per turn at most: a backlog goes out over turns, each reading echoes. */
    static final int SEND_BUDGET = 4 * BytePattern.MAX_CHUNK;
    /** Full-buffer reads per ready connection per turn: echoes drain as fast as a turn's sends. */
    private static final int READS_PER_TURN = 4;

    private final LoadConfig config;
    private final int busy;
    private final int idle;
    private final int firstBusy;
    private final BytePattern pattern;
    private final LoadPhases phases;
    private final CountDownLatch connected;
    private final LoadConn[] conns;
    /** Open loop's schedule, made when the clock starts; null in closed loop. */
    private OpenLoopPacer pacer;

    final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
    final LoadErrors errors = new LoadErrors();
    long msgs;
    long totalMsgs;
    /** Sent and not echoed at the end. */
    long outstanding;
    /** Messages queued (closed loop) or due (open loop) over the run, and those fully written. */
    long scheduled;
    long sent;
    int opened;

    private EpollPoller poller;
    private LoadConn[] byFd = new LoadConn[0];
    private final Poller.Sink ready = this::ready;
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
    }

    @Override
    public void run() {
        try (Arena arena = Arena.ofConfined()) {
            readBuf = arena.allocate(BytePattern.MAX_CHUNK, 64);
            try {
                poller = new EpollPoller(SyscallProbe.NONE, false, EVENTS);
                LoadConnector connector = new LoadConnector(config, poller, errors);
                connector.open(conns, busy, firstBusy);
                byFd = connector.byFd();
            } catch (IOException | RuntimeException e) {
                errors.connect("load worker could not start: " + e.getMessage());
            } finally {
                opened = (int) Arrays.stream(conns).filter(c -> c != null && c.open).count();
                connected.countDown();
            }
            if (phases.awaitStart() && poller != null) {
                // This worker's share of the rate is rate * busy / conns.
                pacer = config.openLoop() && busy > 0
                        ? new OpenLoopPacer(phases.t0, 1e9 * config.conns() / (config.rate() * busy), busy) : null;
                loop();
            }
        } finally {
            closeAll();
        }
    }

    private void loop() {
        running = true;
        long now = System.nanoTime();
        OpenLoopPacer.Sink due = this::due;
        if (pacer == null) {
            for (LoadConn c : conns) {
                if (c != null && !c.idle()) {
                    for (int i = 0; i < config.pipeline(); i++) {
                        queue(c, now);
                    }
                    flush(c);
                }
            }
        }
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
            long wake = phases.end;
            if (pacer != null) {
                pacer.catchUp(now, due);
                wake = Math.min(wake, pacer.nextDue());
            }
            if (!measuring) {
                wake = Math.min(wake, phases.warmEnd);
            }
            try {
                poller.poll(Math.max(0, wake - System.nanoTime()), ready);
            } catch (ErrnoException e) {
                errors.lost("epoll_wait failed, the worker stops: " + e.getMessage());
                break;
            }
        }
        running = false;
        tally();
    }

    /** One ready connection: echoes first (however far behind the schedule is, replies are read every turn), then sends. */
    private void ready(int fd, int events, boolean hangup) {
        LoadConn c = byFd[fd];
        if ((events & Poller.READ) != 0 && c.open) {
            receive(c);
        }
        if ((events & Poller.WRITE) != 0 && c.open) {
            flush(c);
        }
    }

    /** Open loop: {@code messages} more fell due on busy connection {@code local}. */
    private void due(int local, long messages) {
        LoadConn c = conns[local];
        if (c != null && c.open) {
            c.queued += messages;
            c.toSend += messages * config.size();
            if (!c.wantWrite) { // else the socket is full or the turn's budget spent: EPOLLOUT resumes it
                flush(c);
            }
        }
    }

    /** At the end: messages scheduled, fully sent, and sent but not echoed. */
    private void tally() {
        long queued = 0;
        for (LoadConn c : conns) {
            if (c != null && !c.idle()) {
                long written = c.sendPos / config.size();
                sent += written;
                outstanding += written - c.done;
                queued += c.queued;
            }
        }
        scheduled = pacer != null ? pacer.scheduled() : queued;
    }

    /** Closed loop: queues one more message on {@code c} and notes its send time. */
    private void queue(LoadConn c, long now) {
        c.sentAt[(int) (c.queued % config.pipeline())] = now;
        c.queued++;
        c.toSend += config.size();
    }

    /**
     * Sends what {@code c} has queued, at most {@link #SEND_BUDGET} bytes: on EAGAIN, or with the
     * budget spent, it waits for EPOLLOUT, so the loop goes back to {@code epoll_wait} and reads.
     */
    private void flush(LoadConn c) {
        try {
            long budget = SEND_BUDGET;
            while (c.toSend > 0 && budget > 0) {
                long len = Math.min(Math.min(c.toSend, BytePattern.MAX_CHUNK), budget);
                int w = Socket.send(c.fd, pattern.chunk(c.start, c.sendPos, len), len, Socket.MSG_NOSIGNAL, SyscallProbe.NONE);
                if (w == Libc.WOULD_BLOCK) {
                    interest(c, true);
                    return;
                }
                c.sendPos += w;
                c.toSend -= w;
                budget -= w;
            }
            interest(c, c.toSend > 0);
        } catch (ErrnoException e) {
            lose(c, "send failed after " + c.sendPos + " bytes: " + e.getMessage());
        }
    }

    private void interest(LoadConn c, boolean write) throws ErrnoException {
        if (c.wantWrite != write) {
            c.wantWrite = write;
            poller.modify(c.fd, write ? Poller.READ | Poller.WRITE : Poller.READ);
        }
    }

    /** Reads what came back (up to {@link #READS_PER_TURN} full buffers), verifies it, and completes messages. */
    private void receive(LoadConn c) {
        for (int r = 0; r < READS_PER_TURN && c.open; r++) {
            int n;
            try {
                n = Libc.read(c.fd, readBuf, readBuf.byteSize(), SyscallProbe.NONE);
            } catch (ErrnoException e) {
                lose(c, "read failed after " + c.recvPos + " bytes: " + e.getMessage());
                return;
            }
            if (n == Libc.WOULD_BLOCK) {
                break;
            }
            if (n == 0) {
                lose(c, "closed by the server after echoing " + c.recvPos + " of " + c.sendPos + " bytes");
                return;
            }
            if (!c.verify(pattern, readBuf, n, errors)) {
                return;
            }
            complete(c, n, System.nanoTime());
            if (n < readBuf.byteSize()) {
                break;
            }
        }
        if (c.open && c.toSend > 0 && !c.wantWrite) {
            flush(c);
        }
    }

    /** Counts the messages the {@code n} verified bytes complete; closed loop queues as many more. */
    private void complete(LoadConn c, int n, long now) {
        c.recvPos += n;
        long size = config.size();
        while (c.recvPos >= (c.done + 1) * size) {
            long sent = pacer != null ? pacer.dueAt(c.done * busy + c.local) : c.sentAt[(int) (c.done % config.pipeline())];
            c.done++;
            totalMsgs++;
            if (measuring && now < phases.end) {
                latency.recordValue(Math.min(Math.max(0, now - sent), MAX_LATENCY_NANOS));
                msgs++;
            }
            if (pacer == null && running) {
                queue(c, now);
            }
        }
    }

    private void lose(LoadConn c, String what) {
        if (running) { // after the end, closes and resets are ours, not the server's
            errors.lost("connection " + c + ": " + what);
        }
        c.close(errors);
    }

    private void closeAll() {
        for (LoadConn c : conns) {
            if (c != null) {
                c.close(errors);
            }
        }
        if (poller != null) {
            try {
                poller.close();
            } catch (IllegalStateException ignored) {
                // closing our own epoll fd at exit cannot lose data
            }
            poller = null;
        }
    }
}
