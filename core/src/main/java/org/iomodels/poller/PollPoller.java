package org.iomodels.poller;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.iomodels.sys.Poll;
import org.iomodels.sys.SyscallProbe;

/**
 * {@code poll(2)}: the pollfd array is kept in native memory and updated in place, but every
 * call still hands the whole array to the kernel and the loop scans all of it: O(registered).
 */
public final class PollPoller implements Poller {
    private final SyscallProbe probe;
    private final Arena arena = Arena.ofShared();
    private final WakeupFd wakeup;
    private MemorySegment pollfds;
    private int count;
    /** Slot of each fd in the pollfd array, -1 if absent. */
    private int[] slotOf = new int[1024];

    /** A poller without {@link #wakeup} (a selector's). */
    public PollPoller(SyscallProbe probe) {
        this(probe, null);
    }

    private PollPoller(SyscallProbe probe, WakeupFd wakeup) {
        this.probe = probe;
        this.pollfds = arena.allocate(Poll.POLLFD, 64);
        Arrays.fill(slotOf, -1);
        this.wakeup = wakeup;
        if (wakeup != null) {
            add(wakeup.fd, READ);
        }
    }

    /** A poller whose {@link #wakeup} works: an eventfd, watched with the rest (an event loop's). */
    public static PollPoller wakeable(SyscallProbe probe) throws IOException {
        WakeupFd w = new WakeupFd();
        try {
            return new PollPoller(probe, w);
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
    }

    @Override
    public int size() {
        return wakeup == null ? count : count - 1;
    }

    @Override
    public void add(int fd, int interest) {
        if (count == pollfds.byteSize() / Poll.POLLFD.byteSize()) {
            // Double; the old array stays in the arena until close, no larger than the new one.
            MemorySegment bigger = arena.allocate(Poll.POLLFD, 2L * count);
            MemorySegment.copy(pollfds, 0, bigger, 0, pollfds.byteSize());
            pollfds = bigger;
        }
        if (fd >= slotOf.length) {
            int old = slotOf.length;
            slotOf = Arrays.copyOf(slotOf, Math.max(fd + 1, old * 2));
            Arrays.fill(slotOf, old, slotOf.length, -1);
        }
        Poll.set(pollfds, count, fd, toPoll(interest));
        slotOf[fd] = count++;
    }

    @Override
    public void modify(int fd, int interest) {
        Poll.setEvents(pollfds, slotOf[fd], toPoll(interest));
    }

    @Override
    public void remove(int fd) {
        int slot = slotOf[fd];
        slotOf[fd] = -1;
        int last = --count;
        if (slot != last) {
            int moved = Poll.fd(pollfds, last);
            Poll.set(pollfds, slot, moved, Poll.events(pollfds, last));
            slotOf[moved] = slot;
        }
    }

    @Override
    public int poll(long timeoutNanos, Sink sink) throws IOException {
        int n = Poll.poll(pollfds, count, Poller.toMillis(timeoutNanos), probe);
        int reported = 0;
        // Handlers may add and remove descriptors while we scan: an entry moved into a slot
        // already passed waits for the next round, which level-triggered readiness allows.
        for (int i = 0; i < count && n > 0; i++) {
            short revents = Poll.revents(pollfds, i);
            if (revents == 0) {
                continue;
            }
            n--;
            int fd = Poll.fd(pollfds, i);
            if (wakeup != null && fd == wakeup.fd) {
                wakeup.drain(probe);
                continue;
            }
            boolean hangup = (revents & (Poll.POLLHUP | Poll.POLLERR | Poll.POLLNVAL)) != 0;
            int ready = ((revents & Poll.POLLIN) != 0 ? READ : 0) | ((revents & Poll.POLLOUT) != 0 ? WRITE : 0);
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
        WakeupFd.closeWith(wakeup, arena);
    }

    private static short toPoll(int interest) {
        return (short) (((interest & READ) != 0 ? Poll.POLLIN : 0) | ((interest & WRITE) != 0 ? Poll.POLLOUT : 0));
    }
}
