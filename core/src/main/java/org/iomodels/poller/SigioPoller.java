package org.iomodels.poller;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Fcntl;
import org.iomodels.sys.Libc;
import org.iomodels.sys.Poll;
import org.iomodels.sys.Signal;
import org.iomodels.sys.Syscall;
import org.iomodels.sys.SyscallProbe;

/**
 * Stevens' signal-driven model: every descriptor has {@code O_ASYNC}, a real-time signal
 * ({@code F_SETSIG}) and one owner thread ({@code F_SETOWN_EX}, {@code F_OWNER_TID}), so the kernel
 * queues a signal to this loop's thread, carrying the fd and the band, each time one becomes
 * ready. The loop thread blocks that signal and SIGIO and collects them with
 * {@code sigtimedwait(2)}: no handler ever runs.
 *
 * <p>Why no signal can reach another JVM thread: the signals are thread-directed (F_OWNER_TID),
 * and a thread-directed signal is delivered to that thread or stays pending on it, never moved to
 * another; the loop blocks both signals before it arms any descriptor; and before the thread ends
 * it clears O_ASYNC on every descriptor it armed, so no signal is sent to its id once a new
 * thread could have it, and takes every signal still pending, because the JVM unblocks them as
 * the thread exits. SIGIO is what the kernel sends instead when the real-time queue
 * overflows: the loop then rechecks every descriptor.
 *
 * <p>Signals say something changed, once; the loop wants levels. So each signalled descriptor is
 * checked with one {@code poll(2)} over the few that signalled (or are still ready from the last
 * round), and stays on that list while it is ready.
 */
public final class SigioPoller implements Poller {
    private final SyscallProbe probe;
    private int watchedCount;
    private final int signal = Signal.rtmin() + 4; // clear of the few glibc and the JVM keep for themselves
    private final int pid = Signal.getpid();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment set = arena.allocate(Signal.SIGSET_SIZE, 8);
    private final MemorySegment info = arena.allocate(Signal.SIGINFO_SIZE, 8);
    private final MemorySegment timespec = arena.allocate(16, 8);
    private final MemorySegment zero = arena.allocate(16, 8);
    private final MemorySegment owner = arena.allocate(8, 4);
    private MemorySegment pollfds = arena.allocate(Poll.POLLFD, 256);
    private int[] interestOf = new int[1024];
    private boolean[] watched = new boolean[1024];
    private boolean[] armed = new boolean[1024];
    private boolean[] marked = new boolean[1024];
    private int[] flagsOf = new int[1024];
    private int[] check = new int[256];
    private int[] checking = new int[256]; // the list being checked while marks go to the other
    private int checkCount;
    private volatile int tid;
    private volatile boolean wakeRequested;
    private boolean closed;

    public SigioPoller(SyscallProbe probe) {
        this.probe = probe;
        Signal.fill(set, signal, Signal.SIGIO);
    }

    @Override
    public void add(int fd, int interest) throws IOException {
        grow(fd);
        watched[fd] = true;
        watchedCount++;
        interestOf[fd] = interest;
        if (tid != 0 && !armed[fd]) {
            arm(fd);
        }
        mark(fd); // it may be ready already: nothing would signal that
    }

    @Override
    public void modify(int fd, int interest) {
        interestOf[fd] = interest;
        mark(fd); // a resumed direction may have become ready while unwatched
    }

    @Override
    public void remove(int fd) throws ErrnoException {
        watched[fd] = false;
        watchedCount--;
        interestOf[fd] = 0;
        disarm(fd); // a listener paused for EMFILE stays open: it must stop signalling too
    }

    private void disarm(int fd) throws ErrnoException {
        if (armed[fd]) {
            armed[fd] = false;
            Fcntl.fcntl(fd, Fcntl.F_SETFL, flagsOf[fd], probe);
        }
    }

    private void arm(int fd) throws ErrnoException {
        Fcntl.fcntl(fd, Fcntl.F_SETSIG, signal, probe);
        Fcntl.setOwnerThread(fd, tid, owner, probe);
        int flags = Fcntl.fcntl(fd, Fcntl.F_GETFL, 0, probe) | Libc.O_NONBLOCK;
        Fcntl.fcntl(fd, Fcntl.F_SETFL, flags | Fcntl.O_ASYNC, probe);
        flagsOf[fd] = flags;
        armed[fd] = true;
    }

    private void mark(int fd) {
        if (!marked[fd]) {
            marked[fd] = true;
            if (checkCount == check.length) {
                check = Arrays.copyOf(check, checkCount * 2);
            }
            check[checkCount++] = fd;
        }
    }

    @Override
    public int size() {
        return watchedCount;
    }

    @Override
    public int poll(long timeoutNanos, Sink sink) throws IOException {
        if (tid == 0) {
            start();
        }
        boolean wait = checkCount == 0 && !wakeRequested && timeoutNanos != 0;
        wakeRequested = false;
        collect(wait ? timeoutNanos : 0);
        // Drain what else is queued without waiting: each signal is one descriptor's news.
        while (collect(0)) {
            // keep collecting
        }
        return dispatch(sink);
    }

    /** The loop thread's first poll: block the signals, then arm what was added before. */
    private void start() throws IOException {
        Signal.mask(Signal.SIG_BLOCK, set);
        tid = Libc.gettid();
        for (int fd = 0; fd < watched.length; fd++) {
            if (watched[fd] && !armed[fd]) {
                arm(fd);
            }
        }
    }

    /** One sigtimedwait; true if a signal came. */
    private boolean collect(long timeoutNanos) throws ErrnoException {
        MemorySegment ts = MemorySegment.NULL;
        if (timeoutNanos == 0) {
            ts = zero;
        } else if (timeoutNanos > 0) {
            timespec.set(JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
            timespec.set(JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
            ts = timespec;
        }
        int got = Signal.timedWait(set, info, ts, probe);
        if (got == 0) {
            return false;
        }
        boolean wakeupSignal = got != Signal.SIGIO && info.get(JAVA_INT, Signal.SI_CODE) == Signal.SI_TKILL;
        int fd = got == Signal.SIGIO || wakeupSignal ? -1 : info.get(JAVA_INT, Signal.SI_FD);
        probe.completed(Syscall.SIGIO, fd, got); // one signal received: its number, and the fd it names
        if (got == Signal.SIGIO) {
            for (int f = 0; f < watched.length; f++) { // the queue overflowed: recheck everything
                if (watched[f]) {
                    mark(f);
                }
            }
        } else if (fd >= 0 && fd < watched.length && watched[fd]) {
            mark(fd);
        }
        return true;
    }

    /** Checks the marked descriptors with one poll(2) and reports the ready ones; they stay marked while ready. */
    private int dispatch(Sink sink) throws ErrnoException {
        if (checkCount == 0) {
            return 0;
        }
        if (pollfds.byteSize() < checkCount * Poll.POLLFD.byteSize()) {
            pollfds = arena.allocate(Poll.POLLFD, checkCount * 2L);
        }
        int n = checkCount;
        int[] fds = check; // swapped, not copied: this runs every loop turn
        check = checking.length >= fds.length ? checking : new int[fds.length];
        checking = fds;
        for (int i = 0; i < n; i++) {
            int want = interestOf[fds[i]];
            Poll.set(pollfds, i, fds[i], (short) (((want & READ) != 0 ? Poll.POLLIN : 0)
                    | ((want & WRITE) != 0 ? Poll.POLLOUT : 0)));
            marked[fds[i]] = false;
        }
        checkCount = 0;
        Poll.check(pollfds, n, probe);
        int reported = 0;
        for (int i = 0; i < n; i++) {
            int fd = fds[i];
            short r = Poll.revents(pollfds, i);
            if (r == 0 || !watched[fd]) {
                continue;
            }
            boolean hangup = (r & (Poll.POLLHUP | Poll.POLLERR)) != 0;
            int want = interestOf[fd];
            int ready = hangup ? want
                    : ((r & Poll.POLLIN) != 0 ? READ : 0) | ((r & Poll.POLLOUT) != 0 ? WRITE : 0);
            mark(fd); // still ready now: look again next round, until it is not
            sink.ready(fd, ready & want, hangup);
            reported++;
        }
        return reported;
    }

    private void grow(int fd) {
        if (fd >= watched.length) {
            int size = Math.max(fd + 1, watched.length * 2);
            interestOf = Arrays.copyOf(interestOf, size);
            watched = Arrays.copyOf(watched, size);
            armed = Arrays.copyOf(armed, size);
            marked = Arrays.copyOf(marked, size);
            flagsOf = Arrays.copyOf(flagsOf, size);
        }
    }

    @Override
    public void wakeup() {
        wakeRequested = true;
        synchronized (this) {
            int t = tid;
            if (t != 0 && !closed) {
                try {
                    Signal.tgkill(pid, t, signal);
                } catch (ErrnoException e) {
                    // ESRCH: the loop has ended; nothing is waiting
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        // Before this thread ends: no descriptor may keep signalling its id (see the class comment).
        for (int fd = 0; fd < armed.length; fd++) {
            try {
                disarm(fd);
            } catch (ErrnoException e) {
                // EBADF: already closed, and its registration went with it
            }
        }
        // The JVM restores a thread's original signal mask as the thread ends (strace shows
        // rt_sigprocmask(SIG_SETMASK) in its exit path): a signal still pending then would be
        // delivered with its default action, which ends the process. Nothing can be queued for
        // this thread any more (disarmed above, wakeups refused), so take what is queued now.
        if (tid != 0 && Libc.gettid() == tid) {
            try {
                while (Signal.timedWait(set, info, zero, SyscallProbe.NONE) != 0) {
                    // discard
                }
            } catch (ErrnoException e) {
                throw new IllegalStateException("cannot drain pending signals: " + e.getMessage(), e);
            }
        }
        arena.close();
    }
}
