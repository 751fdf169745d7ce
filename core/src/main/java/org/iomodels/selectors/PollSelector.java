package org.iomodels.selectors;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iomodels.sys.Poll;

/**
 * A selector on {@code poll(2)}. The pollfd array lives in native memory and is kept up to date
 * on register/modify/unregister, so a call passes it as is; the kernel still walks all of it,
 * O(registered) per call, but any descriptor number works.
 */
public final class PollSelector extends BaseSelector {
    private final Arena arena = Arena.ofShared();
    private final Map<Integer, Integer> slotOf = new HashMap<>();
    private MemorySegment pollfds = arena.allocate(Poll.POLLFD, 64);
    private int count;

    @Override
    protected void kernelAdd(int fd, int events) {
        if (count == pollfds.byteSize() / Poll.POLLFD.byteSize()) {
            // Grow by doubling; the old array stays in the arena until close, at most as large as the new one.
            MemorySegment bigger = arena.allocate(Poll.POLLFD, 2L * count);
            MemorySegment.copy(pollfds, 0, bigger, 0, pollfds.byteSize());
            pollfds = bigger;
        }
        Poll.set(pollfds, count, fd, pollEvents(events));
        slotOf.put(fd, count++);
    }

    @Override
    protected void kernelModify(int fd, int events) {
        Poll.setEvents(pollfds, slotOf.get(fd), pollEvents(events));
    }

    @Override
    protected void kernelRemove(int fd) {
        int slot = slotOf.remove(fd);
        int last = --count;
        if (slot != last) {
            int movedFd = Poll.fd(pollfds, last);
            Poll.set(pollfds, slot, movedFd, Poll.events(pollfds, last));
            slotOf.put(movedFd, slot);
        }
    }

    @Override
    protected List<Ready> kernelSelect(long timeoutNanos) throws IOException {
        int n = Poll.poll(pollfds, count, toMillis(timeoutNanos));
        List<Ready> ready = new ArrayList<>(n);
        for (int i = 0; i < count && ready.size() < n; i++) {
            short revents = Poll.revents(pollfds, i);
            if (revents == 0) {
                continue;
            }
            SelectorKey key = fdToKey.get(Poll.fd(pollfds, i));
            int events = toEvents(revents, Poll.POLLIN, Poll.POLLOUT) & key.events();
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

    private static short pollEvents(int events) {
        int e = 0;
        if ((events & Events.EVENT_READ) != 0) {
            e |= Poll.POLLIN;
        }
        if ((events & Events.EVENT_WRITE) != 0) {
            e |= Poll.POLLOUT;
        }
        return (short) e;
    }
}
