package org.iomodels.poller;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.iomodels.sys.Epoll;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.SyscallProbe;

/**
 * {@code epoll(7)}, level-triggered: the kernel keeps the interest list, epoll_wait returns only
 * the ready descriptors, so a wait costs O(ready). Level- rather than edge-triggered because a
 * connection paused by backpressure must be able to stop watching reads and resume later without
 * missing data that arrived meanwhile, and one read per readiness is then always enough. A
 * timeout is kept to the nanosecond with {@code epoll_pwait2} where the kernel has it.
 */
public final class EpollPoller implements Poller {
    private static final int MIN_EVENTS = 64;

    private final SyscallProbe probe;
    private final Arena arena = Arena.ofShared();
    private final int epfd;
    private final int maxEvents;
    private final MemorySegment scratch;
    private final MemorySegment timespec;
    private final WakeupFd wakeup;
    private MemorySegment events;
    private int capacity;
    private int size;

    /**
     * @param wakeable  whether {@link #wakeup} works (it costs an eventfd)
     * @param maxEvents the most one wait reports; the event array grows with the watched set up
     *                  to it (a selector passes {@code Integer.MAX_VALUE}, as Python's reports
     *                  every ready descriptor at once; the rest waits for the next call)
     */
    public EpollPoller(SyscallProbe probe, boolean wakeable, int maxEvents) throws IOException {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1, not " + maxEvents);
        }
        this.probe = probe;
        this.maxEvents = maxEvents;
        this.capacity = Math.min(MIN_EVENTS, maxEvents);
        this.scratch = Epoll.newEvents(arena, 1);
        this.timespec = arena.allocate(Epoll.TIMESPEC);
        this.events = Epoll.newEvents(arena, capacity);
        WakeupFd w = null;
        try {
            this.epfd = Epoll.create(Epoll.EPOLL_CLOEXEC);
            if (wakeable) {
                w = new WakeupFd();
                Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, w.fd, Epoll.EPOLLIN, w.fd, scratch, SyscallProbe.NONE);
            }
        } catch (IOException | RuntimeException e) {
            if (w != null) {
                w.close();
            }
            arena.close();
            throw e;
        }
        this.wakeup = w;
    }

    /** The epoll descriptor itself (Python's {@code EpollSelector.fileno()}). */
    public int fileno() {
        return epfd;
    }

    @Override
    public void add(int fd, int interest) throws ErrnoException {
        ctl(Epoll.EPOLL_CTL_ADD, fd, interest);
        size++;
    }

    @Override
    public void modify(int fd, int interest) throws ErrnoException {
        ctl(Epoll.EPOLL_CTL_MOD, fd, interest);
    }

    @Override
    public void remove(int fd) throws ErrnoException {
        ctl(Epoll.EPOLL_CTL_DEL, fd, 0);
        size--;
    }

    /** Forgets {@code fd} without asking the kernel: it was closed, which removed it from the set. */
    public void forget(int fd) {
        size--;
    }

    @Override
    public int size() {
        return size;
    }

    private void ctl(int op, int fd, int interest) throws ErrnoException {
        Epoll.ctl(epfd, op, fd, toEpoll(interest), fd, scratch, probe);
    }

    @Override
    public int poll(long timeoutNanos, Sink sink) throws ErrnoException {
        int wanted = Math.min(maxEvents, Math.max(size + (wakeup != null ? 1 : 0), 1));
        if (wanted > capacity) {
            // Double; the old array stays in the arena until close, no larger than the new one.
            capacity = Math.min(maxEvents, Math.max(wanted, capacity * 2));
            events = Epoll.newEvents(arena, capacity);
        }
        int n = Epoll.waitNanos(epfd, events, wanted, timeoutNanos, timespec, probe);
        int reported = 0;
        for (int i = 0; i < n; i++) {
            int fd = (int) Epoll.data(events, i);
            int e = Epoll.events(events, i);
            if (wakeup != null && fd == wakeup.fd) {
                wakeup.drain(probe);
                continue;
            }
            boolean hangup = (e & (Epoll.EPOLLHUP | Epoll.EPOLLERR)) != 0;
            int ready = ((e & Epoll.EPOLLIN) != 0 ? READ : 0) | ((e & Epoll.EPOLLOUT) != 0 ? WRITE : 0);
            sink.ready(fd, hangup ? READ | WRITE : ready, hangup);
            reported++;
        }
        return reported;
    }

    @Override
    public void wakeup() {
        WakeupFd.signal(wakeup, this);
    }

    @Override
    public void close() {
        try {
            Libc.close(epfd);
        } catch (ErrnoException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            WakeupFd.closeWith(wakeup, arena);
        }
    }

    private static int toEpoll(int interest) {
        return ((interest & READ) != 0 ? Epoll.EPOLLIN : 0) | ((interest & WRITE) != 0 ? Epoll.EPOLLOUT : 0);
    }
}
