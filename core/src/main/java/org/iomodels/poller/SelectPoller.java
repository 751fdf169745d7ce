package org.iomodels.poller;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.iomodels.sys.Select;
import org.iomodels.sys.SyscallProbe;

/**
 * {@code select(2)}: two master fd_sets copied into working sets for each call (the kernel
 * overwrites them), then every word of the result scanned: O(highest fd) per call, and no
 * descriptor of 1024 or more can be watched at all ({@link #canWatch}).
 */
public final class SelectPoller implements Poller {
    private static final int WORDS = Select.FD_SETSIZE / 64;

    private final SyscallProbe probe;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment readers = Select.newFdSet(arena);
    private final MemorySegment writers = Select.newFdSet(arena);
    private final MemorySegment readyRead = Select.newFdSet(arena);
    private final MemorySegment readyWrite = Select.newFdSet(arena);
    private final MemorySegment timeval = arena.allocate(Select.TIMEVAL);
    private final WakeupFd wakeup;
    /** How many descriptors are registered at each fd, to find the highest quickly. */
    private final boolean[] registered = new boolean[Select.FD_SETSIZE];
    private int maxFd = -1;

    private int size;

    /** A poller without {@link #wakeup} (a selector's). */
    public SelectPoller(SyscallProbe probe) {
        this(probe, null);
    }

    private SelectPoller(SyscallProbe probe, WakeupFd wakeup) {
        this.probe = probe;
        this.wakeup = wakeup;
        if (wakeup != null) {
            add(wakeup.fd, READ);
            size = 0; // the wake-up is not one of the caller's
        }
    }

    /** A poller whose {@link #wakeup} works: an eventfd, which must be below 1024 too (an event loop's). */
    public static SelectPoller wakeable(SyscallProbe probe) throws IOException {
        WakeupFd w = new WakeupFd();
        if (w.fd >= Select.FD_SETSIZE) {
            w.close();
            throw new IOException("a select poller's wake-up eventfd is fd " + w.fd + ", past FD_SETSIZE");
        }
        return new SelectPoller(probe, w);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean canWatch(int fd) {
        return fd < Select.FD_SETSIZE;
    }

    @Override
    public void add(int fd, int interest) {
        if (!canWatch(fd)) {
            throw new IllegalArgumentException("fd " + fd + " >= FD_SETSIZE (" + Select.FD_SETSIZE
                    + "): select(2) cannot watch it; use poll or epoll");
        }
        registered[fd] = true;
        size++;
        maxFd = Math.max(maxFd, fd);
        modify(fd, interest);
    }

    @Override
    public void modify(int fd, int interest) {
        if ((interest & READ) != 0) {
            Select.fdSet(readers, fd);
        } else {
            Select.fdClr(readers, fd);
        }
        if ((interest & WRITE) != 0) {
            Select.fdSet(writers, fd);
        } else {
            Select.fdClr(writers, fd);
        }
    }

    @Override
    public void remove(int fd) {
        Select.fdClr(readers, fd);
        Select.fdClr(writers, fd);
        registered[fd] = false;
        size--;
        while (maxFd >= 0 && !registered[maxFd]) {
            maxFd--;
        }
    }

    @Override
    public int poll(long timeoutNanos, Sink sink) throws IOException {
        MemorySegment.copy(readers, 0, readyRead, 0, readers.byteSize());
        MemorySegment.copy(writers, 0, readyWrite, 0, writers.byteSize());
        MemorySegment tv = null;
        if (timeoutNanos >= 0) {
            Select.setTimeval(timeval, timeoutNanos);
            tv = timeval;
        }
        int n = Select.select(maxFd + 1, readyRead, readyWrite, null, tv, probe);
        int reported = 0;
        int words = Math.min(WORDS, (maxFd >>> 6) + 1);
        for (int w = 0; w < words && n > 0; w++) {
            long r = readyRead.getAtIndex(ValueLayout.JAVA_LONG, w);
            long wr = readyWrite.getAtIndex(ValueLayout.JAVA_LONG, w);
            long any = r | wr;
            while (any != 0) {
                int bit = Long.numberOfTrailingZeros(any);
                any &= any - 1;
                int fd = (w << 6) + bit;
                int ready = ((r >>> bit) & 1) != 0 ? READ : 0;
                ready |= ((wr >>> bit) & 1) != 0 ? WRITE : 0;
                n -= Integer.bitCount(ready);
                if (wakeup != null && fd == wakeup.fd) {
                    wakeup.drain(probe);
                } else {
                    // select has no hang-up bit: a peer gone shows as readable, and the read says so.
                    sink.ready(fd, ready, false);
                    reported++;
                }
            }
        }
        return reported;
    }

    @Override
    public void wakeup() {
        WakeupFd.signal(wakeup, this);
    }

    @Override
    public void close() {
        WakeupFd.closeWith(wakeup, arena);
    }
}
