package org.iomodels.green;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import org.iomodels.poller.EpollPoller;
import org.iomodels.poller.Poller;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.SyscallProbe;

/**
 * The hub's event loop, asyncio's {@code _run_once}: a FIFO run queue, a timer heap, readiness
 * callbacks on an epoll poller, and a queue other threads add to. One turn polls (not waiting if
 * something is ready to run), moves the callbacks of ready descriptors, of other threads and of
 * due timers to the run queue, then runs exactly what the queue held when the turn began:
 * callbacks scheduled by those run on the next turn. Single-threaded but for {@link #callSoonThreadsafe}.
 */
final class HubLoop implements Poller.Sink {
    private final ArrayDeque<Handle> ready = new ArrayDeque<>();
    private final PriorityQueue<Handle> timers = new PriorityQueue<>(Handle.BY_TIME);
    private final ConcurrentLinkedQueue<Handle> incoming = new ConcurrentLinkedQueue<>();
    private final EpollPoller poller;
    private final BiConsumer<String, Throwable> errors;
    private Handle[] readers = new Handle[64];
    private Handle[] writers = new Handle[64];
    private final EpollSet inSet;
    private int watchedFds;
    private int liveTimers;
    private int refs;
    private long seq;
    private long turns;
    private volatile boolean polling;
    /** The run's state, the hub's to set: in runForever (never exhausted), in a run (a stop ends it), a stop asked. */
    boolean forever;
    boolean running;
    boolean stopping;

    HubLoop(BiConsumer<String, Throwable> errors, SyscallProbe probe) throws IOException {
        this.poller = new EpollPoller(probe, true, 1024);
        this.inSet = new EpollSet(poller);
        this.errors = errors;
    }

    Handle callSoon(Runnable callback) {
        Handle h = new Handle(this, callback, false, 0, seq++);
        ready.add(h);
        return h;
    }

    Handle callAt(long whenNanos, Runnable callback) {
        Handle h = new Handle(this, callback, true, whenNanos, seq++);
        h.inHeap = true;
        timers.add(h);
        liveTimers++;
        return h;
    }

    /** Any thread: queued for the loop's next turn, and the loop woken if it waits. */
    Handle callSoonThreadsafe(Runnable callback) {
        Handle h = new Handle(this, callback, false, 0, 0);
        incoming.add(h);
        poller.wakeup();
        return h;
    }

    void timerCancelled(Handle h) {
        liveTimers--;
        if (timers.size() > 64 && liveTimers < timers.size() / 2) {
            timers.removeIf(Handle::cancelled); // many cancelled timeouts (a Timeout per call): do not let them pile up
        }
    }

    /** Keeps the loop alive while something outside it (another thread) will call in: gevent's ref'd watcher. */
    void ref() {
        refs++;
    }

    void unref() {
        refs--;
    }

    /** Whether anything could still make a callback run: work queued, a timer, a watched fd, a ref. */
    boolean alive() {
        return !ready.isEmpty() || liveTimers > 0 || watchedFds > 0 || refs > 0 || !incoming.isEmpty();
    }

    /** Watches {@code fd} for reading ({@code read}) or writing; the set is widened at once. */
    void watch(int fd, Runnable callback, boolean read) throws ErrnoException {
        if (fd < 0) {
            throw new IllegalArgumentException("fd must not be negative, not " + fd);
        }
        if (fd >= readers.length) {
            int n = Math.max(fd + 1, readers.length * 2);
            readers = Arrays.copyOf(readers, n);
            writers = Arrays.copyOf(writers, n);
        }
        Handle[] table = read ? readers : writers;
        Handle old = table[fd];
        Handle watcher = new Handle(this, callback, false, 0, 0);
        watcher.fd = fd;
        watcher.read = read;
        table[fd] = watcher;
        try {
            inSet.widen(fd, interest(fd));
        } catch (ErrnoException | RuntimeException e) {
            table[fd] = old; // the poller refused (EBADF, EPERM for a regular file): as if never added
            throw e;
        }
        if (old == null && (read ? writers : readers)[fd] == null) {
            watchedFds++;
        }
    }

    /**
     * Stops watching {@code fd} for reading ({@code read}) or writing; false if it was not.
     * {@code lazy}: the epoll set keeps it until an event says otherwise ({@link EpollSet}), for
     * a descriptor whose close the hub will hear of through {@link #closing}.
     */
    boolean unwatch(int fd, boolean read, boolean lazy) throws ErrnoException {
        Handle[] table = read ? readers : writers;
        if (fd < 0 || fd >= table.length || table[fd] == null) {
            return false;
        }
        table[fd] = null;
        int left = interest(fd);
        if (left == 0) {
            watchedFds--;
        }
        if (!lazy) {
            inSet.narrow(fd, left);
        }
        return true;
    }

    /** {@code fd} is about to be closed, its watchers removed: the set forgets it with no syscall. */
    void closing(int fd) {
        inSet.closing(fd);
    }

    /** The callback watching {@code fd} for reading ({@code read}) or writing, or null. */
    Runnable watcher(int fd, boolean read) {
        Handle[] table = read ? readers : writers;
        return fd >= 0 && fd < table.length && table[fd] != null ? table[fd].callback : null;
    }

    /** Whether {@code fd} has a reader ({@code read}) or a writer now. */
    boolean watching(int fd, boolean read) {
        Handle[] table = read ? readers : writers;
        return fd >= 0 && fd < table.length && table[fd] != null;
    }

    private int interest(int fd) {
        return (readers[fd] != null ? Poller.READ : 0) | (writers[fd] != null ? Poller.WRITE : 0);
    }

    @Override
    public void ready(int fd, int events, boolean hangup) {
        int has = inSet.has(fd);
        if (has < 0) {
            return; // not ours to watch (a duplicate of a closed descriptor: see EpollSet)
        }
        if ((events & Poller.READ) != 0 && readers[fd] != null) {
            ready.add(readers[fd]);
        }
        if ((events & Poller.WRITE) != 0 && writers[fd] != null) {
            ready.add(writers[fd]);
        }
        int want = interest(fd);
        if ((events & has & ~want) != 0) {
            try {
                inSet.narrow(fd, want); // an event nobody watches: a lazy removal takes effect now
            } catch (ErrnoException | RuntimeException e) {
                errors.accept("narrowing the epoll interest of fd " + fd, e);
            }
        }
    }

    /** One turn; {@code mayWait} false: poll without waiting. */
    void runOnce(boolean mayWait) throws ErrnoException {
        turns++;
        long timeout;
        if (!mayWait || !ready.isEmpty() || !incoming.isEmpty()) {
            timeout = 0;
        } else {
            Handle next = firstTimer();
            timeout = next == null ? -1 : Math.max(0, next.whenNanos - System.nanoTime());
        }
        // With work queued and no descriptor watched there is nothing to poll for: other threads'
        // calls are in the incoming queue, read below (their eventfd only wakes a wait). This
        // spares greenlets that only yield (sleep(0), queues) an epoll_wait per turn.
        if (timeout != 0 || watchedFds > 0) {
            polling = true; // a hub waiting in epoll is idle, not blocked: the monitor looks at this
            try {
                poller.poll(timeout, this);
            } finally {
                polling = false;
            }
        }
        for (Handle h; (h = incoming.poll()) != null; ) {
            ready.add(h);
        }
        long now = System.nanoTime();
        for (Handle t; (t = firstTimer()) != null && t.whenNanos - now <= 0; ) {
            timers.poll();
            t.inHeap = false;
            liveTimers--;
            ready.add(t);
        }
        for (int n = ready.size(); n > 0; n--) {
            Handle h = ready.poll();
            try {
                if (h.fd < 0) {
                    h.run();
                } else if ((h.read ? readers : writers)[h.fd] == h) {
                    // A watcher runs only if it is still the one registered: an earlier callback of
                    // the turn may have removed it and closed the fd (the tables only grow).
                    h.callback.run();
                }
            } catch (Throwable e) {
                errors.accept("a callback (" + h.callback + ")", e);
            }
        }
    }

    private Handle firstTimer() {
        Handle t;
        while ((t = timers.peek()) != null && t.cancelled()) {
            timers.poll();
        }
        return t;
    }

    /**
     * The hub greenlet's body: turns until stopped (then back to the root, which ran the loop) or
     * until nothing could ever run while greenlets wait (then {@link LoopExit} in the root).
     */
    Object runAsGreenlet(Greenlet root, Parked parked) {
        for (;;) {
            boolean exhausted = false;
            try {
                for (;;) {
                    if (!forever && !alive()) {
                        exhausted = true;
                        break;
                    }
                    runOnce(true);
                    if (stopping && running) {
                        break;
                    }
                }
            } catch (ErrnoException e) {
                root.throwInto(new IllegalStateException("the hub's poller failed: " + e.getMessage(), e));
                continue;
            }
            if (exhausted) {
                root.throwInto(new LoopExit(parked.blockedForever(root)));
            } else {
                stopping = false;
                root.switchTo(null);
            }
        }
    }

    /** A server's hub: turns on the root's own stack until stopped. */
    void runOnRoot() {
        try {
            do { // a stop asked before the run still lets one turn run, as on a hub of its own greenlet
                runOnce(true);
            } while (!stopping);
        } catch (ErrnoException e) {
            throw new IllegalStateException("the hub's poller failed: " + e.getMessage(), e);
        } finally {
            stopping = false;
        }
    }

    boolean polling() {
        return polling;
    }

    /** Turns begun so far: the seeds' rounds of "read a message, process it". */
    long turns() {
        return turns;
    }

    void close() {
        poller.close();
    }
}
