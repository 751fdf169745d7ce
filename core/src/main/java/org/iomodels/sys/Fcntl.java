package org.iomodels.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * {@code fcntl(2)} for descriptor flags: blocking mode ({@code O_NONBLOCK}), close-on-exec,
 * and the signal-driven I/O settings ({@code O_ASYNC}, {@code F_SETSIG}, {@code F_SETOWN}).
 */
public final class Fcntl {
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_SETOWN = 8;
    public static final int F_GETOWN = 9;
    public static final int F_SETSIG = 10;
    public static final int F_GETSIG = 11;
    public static final int F_SETOWN_EX = 15;
    public static final int FD_CLOEXEC = 1;
    /** {@code O_ASYNC} (octal 020000): deliver a signal when the descriptor becomes ready. */
    public static final int O_ASYNC = 0x2000;

    // int fcntl(int fd, int cmd, ... /* int arg */): variadic after the second argument.
    private static final MethodHandle FCNTL_INT = Native.errnoCallVariadicRetrying("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), 2);

    private static final MethodHandle FCNTL_PTR = Native.errnoCallVariadicRetrying("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, java.lang.foreign.ValueLayout.ADDRESS), 2);
    /** {@code F_OWNER_TID} in struct f_owner_ex: signals go to one thread, not the process. */
    public static final int F_OWNER_TID = 0;

    private Fcntl() {}

    /**
     * {@code fcntl(fd, F_SETOWN_EX, &{F_OWNER_TID, tid})}: this descriptor's I/O signals go to
     * thread {@code tid} only. {@code scratch} is 8 bytes of the caller's (struct f_owner_ex).
     */
    public static void setOwnerThread(int fd, int tid, MemorySegment scratch, SyscallProbe probe) throws ErrnoException {
        scratch.set(JAVA_INT, 0, F_OWNER_TID);
        scratch.set(JAVA_INT, 4, tid);
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.FCNTL);
        long r;
        try {
            r = (int) FCNTL_PTR.invokeExact(st, fd, F_SETOWN_EX, scratch);
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, Syscall.FCNTL, fd, r, st, t);
        Native.check(r, st, "fcntl", "F_SETOWN_EX", fd);
    }

    /** {@code fcntl(fd, cmd, arg)} with an int argument; returns the call's result. */
    public static int fcntl(int fd, int cmd, int arg, SyscallProbe probe) throws ErrnoException {
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.FCNTL);
        long r;
        try {
            r = (int) FCNTL_INT.invokeExact(st, fd, cmd, arg);
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, Syscall.FCNTL, fd, r, st, t);
        return (int) Native.check(r, st, "fcntl", commandName(cmd), fd);
    }

    /** Sets or clears {@code O_NONBLOCK}. */
    public static void setNonBlocking(int fd, boolean nonBlocking) throws ErrnoException {
        int flags = fcntl(fd, F_GETFL, 0, SyscallProbe.NONE);
        int wanted = nonBlocking ? flags | Libc.O_NONBLOCK : flags & ~Libc.O_NONBLOCK;
        if (wanted != flags) {
            fcntl(fd, F_SETFL, wanted, SyscallProbe.NONE);
        }
    }

    private static String commandName(int cmd) {
        return switch (cmd) {
            case F_GETFD -> "F_GETFD";
            case F_SETFD -> "F_SETFD";
            case F_GETFL -> "F_GETFL";
            case F_SETFL -> "F_SETFL";
            case F_SETOWN -> "F_SETOWN";
            case F_GETOWN -> "F_GETOWN";
            case F_SETSIG -> "F_SETSIG";
            case F_GETSIG -> "F_GETSIG";
            case F_SETOWN_EX -> "F_SETOWN_EX";
            default -> "cmd=" + cmd;
        };
    }
}
