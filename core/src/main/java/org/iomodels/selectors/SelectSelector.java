package org.iomodels.selectors;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.sys.Select;

/**
 * A selector on {@code select(2)}. Each call copies two 128-byte fd_sets to the kernel and back,
 * and the result is found by testing every registered descriptor: O(registered) per call, and
 * only descriptors below {@link Select#FD_SETSIZE} (1024) can be watched at all.
 */
public final class SelectSelector extends BaseSelector {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment readers = Select.newFdSet(arena);
    private final MemorySegment writers = Select.newFdSet(arena);
    private final MemorySegment readyRead = Select.newFdSet(arena);
    private final MemorySegment readyWrite = Select.newFdSet(arena);
    private final MemorySegment timeval = arena.allocate(Select.TIMEVAL);
    private int maxFd = -1;

    @Override
    protected void kernelAdd(int fd, int events) {
        if (fd >= Select.FD_SETSIZE) {
            throw new IllegalArgumentException("fd " + fd + " >= FD_SETSIZE (" + Select.FD_SETSIZE
                    + "): select(2) cannot watch it; use PollSelector or EpollSelector");
        }
        kernelModify(fd, events);
        maxFd = Math.max(maxFd, fd);
    }

    @Override
    protected void kernelModify(int fd, int events) {
        if ((events & Events.EVENT_READ) != 0) {
            Select.fdSet(readers, fd);
        } else {
            Select.fdClr(readers, fd);
        }
        if ((events & Events.EVENT_WRITE) != 0) {
            Select.fdSet(writers, fd);
        } else {
            Select.fdClr(writers, fd);
        }
    }

    @Override
    protected void kernelRemove(int fd) {
        Select.fdClr(readers, fd);
        Select.fdClr(writers, fd);
        if (fd == maxFd) {
            maxFd = fdToKey.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        }
    }

    @Override
    protected List<Ready> kernelSelect(long timeoutNanos) throws IOException {
        MemorySegment.copy(readers, 0, readyRead, 0, readers.byteSize());
        MemorySegment.copy(writers, 0, readyWrite, 0, writers.byteSize());
        MemorySegment tv = null;
        if (timeoutNanos >= 0) {
            Select.setTimeval(timeval, timeoutNanos);
            tv = timeval;
        }
        int n = Select.select(maxFd + 1, readyRead, readyWrite, null, tv);
        List<Ready> ready = new ArrayList<>(n);
        if (n == 0) {
            return ready;
        }
        for (SelectorKey key : fdToKey.values()) {
            int events = 0;
            if (Select.fdIsSet(readyRead, key.fd())) {
                events |= Events.EVENT_READ;
            }
            if (Select.fdIsSet(readyWrite, key.fd())) {
                events |= Events.EVENT_WRITE;
            }
            events &= key.events();
            if (events != 0) {
                ready.add(new Ready(key, events));
            }
        }
        return ready;
    }

    @Override
    protected void kernelClose() {
        arena.close();
    }
}
