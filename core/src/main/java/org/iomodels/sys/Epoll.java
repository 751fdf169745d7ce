package org.iomodels.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@code epoll(7)}: {@code epoll_create1}, {@code epoll_ctl}, {@code epoll_wait}. The kernel keeps
 * the interest list, so a wait costs O(ready), not O(registered).
 */
public final class Epoll {
    public static final int EPOLLIN = 0x001;
    public static final int EPOLLPRI = 0x002;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;
    public static final int EPOLLRDHUP = 0x2000;
    public static final int EPOLLEXCLUSIVE = 1 << 28;
    public static final int EPOLLONESHOT = 1 << 30;
    public static final int EPOLLET = 1 << 31;

    public static final int EPOLL_CLOEXEC = Libc.O_CLOEXEC;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;

    /**
     * <pre>struct epoll_event { uint32_t events; epoll_data_t data; };</pre>
     * x86-64 declares it {@code __attribute__((packed))} (12 bytes, data at offset 4); every other
     * architecture, aarch64 among them, pads data to offset 8 (16 bytes).
     */
    public static final StructLayout EPOLL_EVENT = isX86_64()
            ? MemoryLayout.structLayout(JAVA_INT_UNALIGNED.withName("events"), JAVA_LONG_UNALIGNED.withName("data"))
            : MemoryLayout.structLayout(JAVA_INT.withName("events"), MemoryLayout.paddingLayout(4),
                    JAVA_LONG.withName("data"));
    private static final long EVENTS = EPOLL_EVENT.byteOffset(PathElement.groupElement("events"));
    private static final long DATA = EPOLL_EVENT.byteOffset(PathElement.groupElement("data"));
    private static final long SIZE = EPOLL_EVENT.byteSize();

    private static final MethodHandle CREATE1 = Native.errnoCall("epoll_create1",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle CTL = Native.errnoCallRetrying("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle WAIT = Native.errnoCallRetrying("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    // glibc >= 2.35 and Linux >= 5.11; without it waitNanos rounds up to whole milliseconds.
    private static final MethodHandle PWAIT2 = Native.has("epoll_pwait2")
            ? Native.errnoCall("epoll_pwait2", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS))
            : null;
    private static volatile boolean pwait2Works = PWAIT2 != null;
    /** <pre>struct timespec { time_t tv_sec; long tv_nsec; };</pre> */
    public static final StructLayout TIMESPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));

    private Epoll() {}

    private static boolean isX86_64() {
        String arch = System.getProperty("os.arch");
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    /** Whether this platform has epoll (Linux). */
    public static boolean isSupported() {
        return Native.has("epoll_create1");
    }

    /** {@code epoll_create1(2)}: a new epoll descriptor. */
    public static int create(int flags) throws ErrnoException {
        MemorySegment st = Native.state();
        try {
            return (int) Native.checkArg((int) CREATE1.invokeExact(st, flags), st, "epoll_create1", "flags", flags);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /**
     * {@code epoll_ctl(2)}: ADD, MOD or DEL {@code fd} with {@code events}, and {@code data} handed
     * back by wait. {@code scratch} is one epoll_event of the caller's (the call reads it only).
     */
    public static void ctl(int epfd, int op, int fd, int events, long data, MemorySegment scratch, SyscallProbe probe)
            throws ErrnoException {
        scratch.set(JAVA_INT_UNALIGNED, EVENTS, events);
        scratch.set(JAVA_LONG_UNALIGNED, DATA, data);
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.EPOLL_CTL);
        long r;
        try {
            r = (int) CTL.invokeExact(st, epfd, op, fd, scratch);
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, Syscall.EPOLL_CTL, fd, r, st, t);
        Native.check(r, st, "epoll_ctl", opName(op), fd);
    }

    /** A scratch epoll_event for {@link #ctl}, or an array of {@code count} for {@link #wait}. */
    public static MemorySegment newEvents(Arena arena, int count) {
        return arena.allocate(EPOLL_EVENT, count);
    }

    /**
     * {@code epoll_wait(2)} for at most {@code max} events into {@code events}: how many are
     * ready, 0 on timeout. {@code timeoutMillis} < 0 blocks. EINTR is retried.
     */
    public static int wait(int epfd, MemorySegment events, int max, int timeoutMillis, SyscallProbe probe)
            throws ErrnoException {
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.EPOLL_WAIT);
        long r;
        try {
            r = (int) WAIT.invokeExact(st, epfd, events, max, timeoutMillis);
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, Syscall.EPOLL_WAIT, epfd, r, st, t);
        return (int) Native.check(r, st, "epoll_wait", epfd);
    }

    /**
     * {@code epoll_pwait2(2)}: as {@link #wait} with a nanosecond timeout ({@code nanos} < 0 blocks),
     * so a client pacing sends every few microseconds neither spins nor oversleeps a millisecond.
     * {@code timespec} is a {@link #TIMESPEC} of the caller's. Where the kernel or libc lacks the
     * call (ENOSYS), the timeout is rounded up to milliseconds for {@code epoll_wait}.
     */
    public static int waitNanos(int epfd, MemorySegment events, int max, long nanos, MemorySegment timespec,
                                SyscallProbe probe) throws ErrnoException {
        if (!pwait2Works || nanos < 0) {
            int millis = nanos < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000);
            return wait(epfd, events, max, millis, probe);
        }
        timespec.set(JAVA_LONG, 0, nanos / 1_000_000_000L);
        timespec.set(JAVA_LONG, 8, nanos % 1_000_000_000L);
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.EPOLL_PWAIT2);
        long r;
        try {
            r = (int) PWAIT2.invokeExact(st, epfd, events, max, timespec, MemorySegment.NULL);
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        if (r < 0 && Native.errno(st) == Errno.ENOSYS) {
            pwait2Works = false;
            return waitNanos(epfd, events, max, nanos, timespec, probe);
        }
        Native.report(probe, Syscall.EPOLL_PWAIT2, epfd, r, st, t);
        r = Native.check(r, st, "epoll_pwait2", epfd);
        return r == Native.INTERRUPTED ? 0 : (int) r; // a signal: the caller's loop re-reads the clock
    }

    /** The ready mask of event {@code index} of an array filled by {@link #wait}. */
    public static int events(MemorySegment events, int index) {
        return events.get(JAVA_INT_UNALIGNED, index * SIZE + EVENTS);
    }

    /** The data word of event {@code index}, as given to {@link #ctl}. */
    public static long data(MemorySegment events, int index) {
        return events.get(JAVA_LONG_UNALIGNED, index * SIZE + DATA);
    }

    private static String opName(int op) {
        return switch (op) {
            case EPOLL_CTL_ADD -> "ADD";
            case EPOLL_CTL_DEL -> "DEL";
            case EPOLL_CTL_MOD -> "MOD";
            default -> "op=" + op;
        };
    }
}
