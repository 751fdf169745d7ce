package org.iomodels.poller;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Stevens' non-blocking model: no readiness call at all. Every round reports every registered
 * descriptor as ready for what it wants, so the loop simply tries each read and write and the
 * kernel answers EAGAIN when there is nothing (the loop counts those). When a round moved no
 * data the loop sleeps, doubling the sleep from 50 µs up to 5 ms, so an idle server does not
 * burn a core; the first message after a quiet spell waits up to that long.
 */
public final class SpinPoller implements Poller {
    private static final long MIN_SLEEP = 50_000;
    private static final long MAX_SLEEP = 5_000_000;

    private int[] interestOf = new int[1024];
    private int[] fds = new int[1024];
    private int count;
    private int[] slotOf = new int[1024];
    private boolean progressed = true;
    private long sleep = MIN_SLEEP;
    /** The loop thread, once it has polled; other threads unpark it to end a sleep. */
    private volatile Thread waiter;

    public SpinPoller() {
        Arrays.fill(slotOf, -1);
    }

    @Override
    public void add(int fd, int interest) {
        if (fd >= slotOf.length) {
            int old = slotOf.length;
            slotOf = Arrays.copyOf(slotOf, Math.max(fd + 1, old * 2));
            Arrays.fill(slotOf, old, slotOf.length, -1);
            interestOf = Arrays.copyOf(interestOf, slotOf.length);
        }
        if (count == fds.length) {
            fds = Arrays.copyOf(fds, count * 2);
        }
        slotOf[fd] = count;
        fds[count++] = fd;
        interestOf[fd] = interest;
    }

    @Override
    public void modify(int fd, int interest) {
        interestOf[fd] = interest;
    }

    @Override
    public void remove(int fd) {
        int slot = slotOf[fd];
        slotOf[fd] = -1;
        int moved = fds[--count];
        if (slot != count) {
            fds[slot] = moved;
            slotOf[moved] = slot;
        }
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public int poll(long timeoutNanos, Sink sink) {
        if (waiter == null) {
            waiter = Thread.currentThread();
        }
        if (!progressed && timeoutNanos != 0) {
            // An unpark that came before this park makes it return at once: no wake-up is lost.
            LockSupport.parkNanos(timeoutNanos < 0 ? sleep : Math.min(sleep, timeoutNanos));
            sleep = Math.min(sleep * 2, MAX_SLEEP);
        } else if (progressed) {
            sleep = MIN_SLEEP;
        }
        progressed = false;
        int reported = 0;
        // Walk backwards: a descriptor removed during the walk moves the last one into its
        // slot, which has then already been visited.
        for (int i = count - 1; i >= 0; i--) {
            if (i >= count) {
                continue;
            }
            int fd = fds[i];
            int interest = interestOf[fd];
            if (interest != 0) {
                sink.ready(fd, interest, false);
                reported++;
            }
        }
        return reported;
    }

    @Override
    public void progress() {
        progressed = true;
    }

    @Override
    public void wakeup() {
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void close() {}
}
