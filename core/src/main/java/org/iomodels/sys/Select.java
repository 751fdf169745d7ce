package org.iomodels.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@code select(2)} and the {@code fd_set} bit operations ({@code FD_SET}, {@code FD_CLR},
 * {@code FD_ISSET}, {@code FD_ZERO}). An fd_set is a fixed bitmap of {@link #FD_SETSIZE} bits, so
 * select cannot watch a descriptor of 1024 or more: the bit operations refuse one rather than
 * write past the set (the C macros would, silently).
 */
public final class Select {
    /** The number of bits in an fd_set: descriptors 0 .. 1023. */
    public static final int FD_SETSIZE = 1024;

    /** <pre>typedef struct { long fds_bits[FD_SETSIZE / (8 * sizeof(long))]; } fd_set;</pre> */
    public static final MemoryLayout FD_SET = MemoryLayout.sequenceLayout(FD_SETSIZE / 64, JAVA_LONG);

    /** <pre>struct timeval { time_t tv_sec; suseconds_t tv_usec; };</pre> */
    public static final StructLayout TIMEVAL = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_usec"));

    private static final MethodHandle SELECT = Native.errnoCallRetrying("select",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));

    private Select() {}

    /** A zeroed fd_set in {@code arena}. */
    public static MemorySegment newFdSet(Arena arena) {
        return arena.allocate(FD_SET);
    }

    public static void fdSet(MemorySegment set, int fd) {
        long word = word(set, fd);
        set.setAtIndex(JAVA_LONG, fd >>> 6, word | bit(fd));
    }

    public static void fdClr(MemorySegment set, int fd) {
        long word = word(set, fd);
        set.setAtIndex(JAVA_LONG, fd >>> 6, word & ~bit(fd));
    }

    public static boolean fdIsSet(MemorySegment set, int fd) {
        return (word(set, fd) & bit(fd)) != 0;
    }

    private static long word(MemorySegment set, int fd) {
        if (fd < 0 || fd >= FD_SETSIZE) {
            throw new IllegalArgumentException("fd " + fd + " is outside an fd_set (0.." + (FD_SETSIZE - 1)
                    + "): select(2) cannot watch it; use poll or epoll");
        }
        return set.getAtIndex(JAVA_LONG, fd >>> 6);
    }

    private static long bit(int fd) {
        return 1L << (fd & 63);
    }

    /**
     * {@code select(2)}: the number of ready descriptors (0 on timeout); the sets are rewritten
     * in place to hold only the ready ones. A null set is not watched; a null {@code timeval}
     * blocks until something is ready. On EINTR the call is made again with the same timeout,
     * so it never returns early (Linux updates the timeval with the time left).
     */
    public static int select(int nfds, MemorySegment readfds, MemorySegment writefds, MemorySegment exceptfds,
                             MemorySegment timeval, SyscallProbe probe) throws ErrnoException {
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.SELECT);
        long r;
        try {
            r = (int) SELECT.invokeExact(st, nfds, orNull(readfds), orNull(writefds), orNull(exceptfds),
                    orNull(timeval));
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, Syscall.SELECT, -1, r, st, t);
        return (int) Native.checkArg(r, st, "select", "nfds", nfds);
    }

    /** Writes {@code nanos} (>= 0) into {@code timeval}, rounded up to whole microseconds. */
    public static void setTimeval(MemorySegment timeval, long nanos) {
        long micros = (nanos + 999) / 1000;
        timeval.set(JAVA_LONG, 0, micros / 1_000_000);
        timeval.set(JAVA_LONG, 8, micros % 1_000_000);
    }

    private static MemorySegment orNull(MemorySegment s) {
        return s == null ? MemorySegment.NULL : s;
    }
}
