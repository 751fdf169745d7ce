package org.iomodels.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Signals for signal-driven I/O ({@code signal(7)}, {@code sigtimedwait(2)},
 * {@code pthread_sigmask(3)}, {@code tgkill(2)}): a thread blocks the signals it wants and
 * collects them synchronously, so no handler ever runs and no other thread is involved.
 */
public final class Signal {
    /** SIGIO (29 on x86-64 and aarch64): sent instead of a real-time signal when their queue overflows. */
    public static final int SIGIO = 29;
    public static final int SIG_BLOCK = 0;
    public static final int SIG_UNBLOCK = 1;
    /** si_code of a signal sent by tgkill. */
    public static final int SI_TKILL = -6;
    /** sizeof(sigset_t) in glibc (1024 bits). */
    public static final long SIGSET_SIZE = 128;
    /** sizeof(siginfo_t). */
    public static final long SIGINFO_SIZE = 128;
    /** <pre>siginfo_t { int si_signo; int si_errno; int si_code; ... union { struct { long si_band; int si_fd; } sigpoll; } }</pre> at offset 16 on LP64. */
    public static final long SI_SIGNO = 0;
    public static final long SI_CODE = 8;
    public static final long SI_BAND = 16;
    public static final long SI_FD = 24;

    private static final MethodHandle RTMIN = Native.plainCall("__libc_current_sigrtmin", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETPID = Native.plainCall("getpid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle SIGEMPTYSET = Native.plainCall("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SIGADDSET = Native.plainCall("sigaddset", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    // Returns an error number rather than setting errno (pthread_sigmask(3)).
    private static final MethodHandle PTHREAD_SIGMASK = Native.plainCall("pthread_sigmask",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SIGTIMEDWAIT = Native.errnoCall("sigtimedwait",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle TGKILL = Native.errnoCall("tgkill",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));

    private Signal() {}

    /** The first real-time signal libc leaves to applications (it keeps a few below for itself). */
    public static int rtmin() {
        try {
            return (int) RTMIN.invokeExact();
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    public static int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /** Fills {@code set} (a {@link #SIGSET_SIZE} segment) with exactly {@code signals}. */
    public static void fill(MemorySegment set, int... signals) {
        try {
            int r = (int) SIGEMPTYSET.invokeExact(set);
            for (int s : signals) {
                r |= (int) SIGADDSET.invokeExact(set, s);
            }
            if (r != 0) {
                throw new IllegalArgumentException("invalid signal number among " + java.util.Arrays.toString(signals));
            }
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /** {@code pthread_sigmask(how, set, NULL)} for the calling thread. */
    public static void mask(int how, MemorySegment set) throws ErrnoException {
        int r;
        try {
            r = (int) PTHREAD_SIGMASK.invokeExact(how, set, MemorySegment.NULL);
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
        if (r != 0) {
            throw new ErrnoException("pthread_sigmask(how=" + how + ")", r);
        }
    }

    /**
     * {@code sigtimedwait(2)}: takes one pending signal of {@code set} into {@code info}, waiting at
     * most {@code timespec} (NULL: no limit). Returns the signal number, or 0 on timeout or interruption.
     */
    public static int timedWait(MemorySegment set, MemorySegment info, MemorySegment timespec, SyscallProbe probe)
            throws ErrnoException {
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.RT_SIGTIMEDWAIT);
        int r;
        try {
            r = (int) SIGTIMEDWAIT.invokeExact(st, set, info, timespec);
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, Syscall.RT_SIGTIMEDWAIT, -1, r, st, t);
        long c = Native.checkArg(r, st, "sigtimedwait", "", -1);
        return c < 0 ? 0 : (int) c; // EAGAIN (timeout) and EINTR are "nothing yet"
    }

    /** {@code tgkill(2)}: sends {@code sig} to thread {@code tid} of process {@code tgid}. */
    public static void tgkill(int tgid, int tid, int sig) throws ErrnoException {
        MemorySegment st = Native.state();
        int r;
        try {
            r = (int) TGKILL.invokeExact(st, tgid, tid, sig);
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
        Native.checkArg(r, st, "tgkill", "tid", tid);
    }
}
