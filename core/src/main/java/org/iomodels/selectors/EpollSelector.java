package org.iomodels.selectors;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.sys.Epoll;
import org.iomodels.sys.Errno;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;

/**
 * A selector on {@code epoll(7)}, level-triggered as Python's {@code EpollSelector}: the kernel
 * keeps the interest list, so a call costs O(ready) however many descriptors are registered.
 */
public final class EpollSelector extends BaseSelector {
    private final Arena arena = Arena.ofShared();
    private final int epfd;
    private final MemorySegment scratch = Epoll.newEvents(arena, 1);
    private MemorySegment events = Epoll.newEvents(arena, 64);
    private int capacity = 64;

    public EpollSelector() throws ErrnoException {
        try {
            epfd = Epoll.create(Epoll.EPOLL_CLOEXEC);
        } catch (ErrnoException e) {
            arena.close();
            throw e;
        }
    }

    /** The epoll descriptor itself, as Python's {@code EpollSelector.fileno()}. */
    public int fileno() {
        checkOpen();
        return epfd;
    }

    @Override
    protected void kernelAdd(int fd, int events) throws IOException {
        Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, fd, epollEvents(events), fd, scratch);
    }

    @Override
    protected void kernelModify(int fd, int events) throws IOException {
        Epoll.ctl(epfd, Epoll.EPOLL_CTL_MOD, fd, epollEvents(events), fd, scratch);
    }

    @Override
    protected void kernelRemove(int fd) throws IOException {
        try {
            Epoll.ctl(epfd, Epoll.EPOLL_CTL_DEL, fd, 0, 0, scratch);
        } catch (ErrnoException e) {
            // Closing a descriptor removes it from every epoll set: EBADF/ENOENT here only means
            // the caller closed it before unregistering, which Python allows too.
            if (e.errno() != Errno.EBADF && e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
    }

    @Override
    protected List<Ready> kernelSelect(long timeoutNanos) throws IOException {
        int wanted = Math.max(fdToKey.size(), 1);
        if (wanted > capacity) {
            // Grow by doubling; the old array stays in the arena until close, at most as large as the new one.
            capacity = Math.max(wanted, capacity * 2);
            events = Epoll.newEvents(arena, capacity);
        }
        int n = Epoll.wait(epfd, events, wanted, toMillis(timeoutNanos));
        List<Ready> ready = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SelectorKey key = fdToKey.get((int) Epoll.data(events, i));
            if (key == null) {
                continue; // defensive: the kernel only reports registered descriptors
            }
            int mask = toEvents(Epoll.events(events, i), Epoll.EPOLLIN, Epoll.EPOLLOUT) & key.events();
            if (mask != 0) {
                ready.add(new Ready(key, mask));
            }
        }
        return ready;
    }

    @Override
    protected void kernelClose() throws IOException {
        try {
            Libc.close(epfd);
        } finally {
            arena.close();
        }
    }

    private static int epollEvents(int events) {
        int e = 0;
        if ((events & Events.EVENT_READ) != 0) {
            e |= Epoll.EPOLLIN;
        }
        if ((events & Events.EVENT_WRITE) != 0) {
            e |= Epoll.EPOLLOUT;
        }
        return e;
    }
}
