package org.iomodels.engine;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.iomodels.server.SyscallCounters;
import org.iomodels.server.SyscallCounters.Kind;
import org.iomodels.sys.Epoll;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;

/**
 * {@code epoll(7)}, level-triggered: the kernel keeps the interest list, epoll_wait returns only
 * the ready descriptors, so a wait costs O(ready). Level- rather than edge-triggered because a
 * connection paused by backpressure must be able to stop watching reads and resume later without
 * missing data that arrived meanwhile, and one read per readiness is then always enough.
 */
final class EpollPoller implements Poller {
    private static final int MAX_EVENTS = 1024;

    private final SyscallCounters counters;
    private final Arena arena = Arena.ofShared();
    private final int epfd;
    private final MemorySegment scratch = Epoll.newEvents(arena, 1);
    private final MemorySegment events = Epoll.newEvents(arena, MAX_EVENTS);
    private final WakeupFd wakeup;

    EpollPoller(SyscallCounters counters) throws IOException {
        this.counters = counters;
        this.epfd = Epoll.create(Epoll.EPOLL_CLOEXEC);
        this.wakeup = new WakeupFd();
        Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, wakeup.fd, Epoll.EPOLLIN, wakeup.fd, scratch);
    }

    @Override
    public void add(int fd, int interest) throws IOException {
        ctl(Epoll.EPOLL_CTL_ADD, fd, interest);
    }

    @Override
    public void modify(int fd, int interest) throws IOException {
        ctl(Epoll.EPOLL_CTL_MOD, fd, interest);
    }

    @Override
    public void remove(int fd) throws IOException {
        ctl(Epoll.EPOLL_CTL_DEL, fd, 0);
    }

    private void ctl(int op, int fd, int interest) throws ErrnoException {
        long t0 = System.nanoTime();
        try {
            Epoll.ctl(epfd, op, fd, toEpoll(interest), fd, scratch);
        } finally {
            counters.count(Kind.OTHER, t0);
        }
    }

    @Override
    public void poll(long timeoutNanos, Sink sink) throws IOException {
        long t0 = System.nanoTime();
        int n = Epoll.wait(epfd, events, MAX_EVENTS, EventLoop.toMillis(timeoutNanos));
        counters.count(Kind.WAIT, t0);
        for (int i = 0; i < n; i++) {
            int fd = (int) Epoll.data(events, i);
            int e = Epoll.events(events, i);
            if (fd == wakeup.fd) {
                wakeup.drain(counters);
                continue;
            }
            boolean hangup = (e & (Epoll.EPOLLHUP | Epoll.EPOLLERR)) != 0;
            int ready = (e & Epoll.EPOLLIN) != 0 ? LoopConn.READ : 0;
            ready |= (e & Epoll.EPOLLOUT) != 0 ? LoopConn.WRITE : 0;
            sink.ready(fd, hangup ? LoopConn.READ | LoopConn.WRITE : ready, hangup);
        }
    }

    @Override
    public void wakeup() {
        wakeup.signal();
    }

    @Override
    public void close() {
        try {
            Libc.close(epfd);
        } catch (ErrnoException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            wakeup.close();
            arena.close();
        }
    }

    private static int toEpoll(int interest) {
        return ((interest & LoopConn.READ) != 0 ? Epoll.EPOLLIN : 0)
                | ((interest & LoopConn.WRITE) != 0 ? Epoll.EPOLLOUT : 0);
    }
}
