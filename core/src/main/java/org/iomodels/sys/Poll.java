package org.iomodels.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/** {@code poll(2)}: an array of {@code struct pollfd}, any descriptor number, O(n) per call. */
public final class Poll {
    public static final short POLLIN = 0x001;
    public static final short POLLPRI = 0x002;
    public static final short POLLOUT = 0x004;
    public static final short POLLERR = 0x008;
    public static final short POLLHUP = 0x010;
    public static final short POLLNVAL = 0x020;
    public static final short POLLRDHUP = 0x2000;

    /** <pre>struct pollfd { int fd; short events; short revents; };</pre> */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));
    private static final long FD = POLLFD.byteOffset(PathElement.groupElement("fd"));
    private static final long EVENTS = POLLFD.byteOffset(PathElement.groupElement("events"));
    private static final long REVENTS = POLLFD.byteOffset(PathElement.groupElement("revents"));
    private static final long SIZE = POLLFD.byteSize();

    private static final MethodHandle POLL = Native.errnoCallRetrying("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private Poll() {}

    /** Whether this platform's libc has poll. */
    public static boolean isSupported() {
        return Native.has("poll");
    }

    /**
     * {@code poll(2)} over the first {@code nfds} entries of {@code fds}: the number of entries
     * with non-zero revents, 0 on timeout. {@code timeoutMillis} < 0 blocks. EINTR is retried.
     */
    public static int poll(MemorySegment fds, long nfds, int timeoutMillis, SyscallProbe probe) throws ErrnoException {
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.POLL);
        long r;
        try {
            r = (int) POLL.invokeExact(st, fds, nfds, timeoutMillis);
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, Syscall.POLL, -1, r, st, t);
        return (int) Native.checkArg(r, st, "poll", "nfds", nfds);
    }

    /**
     * {@code poll(2)} with a zero timeout, reported as {@link Syscall#POLL_CHECK}: a look at
     * descriptors already known to have news (the sigio engine's check after a signal), not a wait.
     */
    public static int check(MemorySegment fds, long nfds, SyscallProbe probe) throws ErrnoException {
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.POLL_CHECK);
        long r;
        try {
            r = (int) POLL.invokeExact(st, fds, nfds, 0);
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, Syscall.POLL_CHECK, -1, r, st, t);
        return (int) Native.checkArg(r, st, "poll", "nfds", nfds);
    }

    public static void set(MemorySegment fds, int index, int fd, short events) {
        long base = index * SIZE;
        fds.set(JAVA_INT, base + FD, fd);
        fds.set(JAVA_SHORT, base + EVENTS, events);
        fds.set(JAVA_SHORT, base + REVENTS, (short) 0);
    }

    public static int fd(MemorySegment fds, int index) {
        return fds.get(JAVA_INT, index * SIZE + FD);
    }

    public static short events(MemorySegment fds, int index) {
        return fds.get(JAVA_SHORT, index * SIZE + EVENTS);
    }

    public static void setEvents(MemorySegment fds, int index, short events) {
        fds.set(JAVA_SHORT, index * SIZE + EVENTS, events);
    }

    public static short revents(MemorySegment fds, int index) {
        return fds.get(JAVA_SHORT, index * SIZE + REVENTS);
    }
}
