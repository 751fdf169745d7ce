package org.iomodels.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Memory shared between processes, and waiting on it: {@code memfd_create(2)} and
 * {@code ftruncate(2)} (an anonymous file to map, whose descriptor a child inherits),
 * {@code futex(2)} wait and wake on a word of a shared mapping (not {@code FUTEX_PRIVATE}: the
 * waiters are in other processes), and {@code kill(pid, 0)} (whether a process still lives).
 */
public final class Shm {
    private static final int MFD_CLOEXEC = 1;
    private static final long SYS_FUTEX = 202; // x86-64
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;

    private static final MethodHandle MEMFD = Native.errnoCall("memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FTRUNCATE = Native.errnoCall("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    // long syscall(long number, ...): futex(uaddr, op, val, timeout)
    private static final MethodHandle FUTEX = Native.errnoCallVariadic("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), 1);
    private static final MethodHandle KILL = Native.errnoCall("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private Shm() {}

    /** An anonymous shared file of {@code size} bytes (zeroed), close-on-exec: {@code memfd_create} + {@code ftruncate}. */
    public static int create(String name, long size) throws ErrnoException {
        MemorySegment st = Native.state();
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) Native.checkPath((int) MEMFD.invokeExact(st, arena.allocateFrom(name), MFD_CLOEXEC), st, "memfd_create", name);
            int r = (int) FTRUNCATE.invokeExact(st, fd, size);
            if (r < 0) {
                int errno = Native.errno(st);
                Libc.close(fd);
                throw new ErrnoException("ftruncate(fd=" + fd + ", " + size + ")", errno);
            }
            return fd;
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /** Maps {@code fd}'s {@code size} bytes, shared, read-write. */
    public static MemorySegment map(int fd, long size) throws ErrnoException {
        return Mman.mmapSharedLazily(fd, size);
    }

    /**
     * {@code FUTEX_WAIT}: sleeps while the int at {@code word} is {@code expected}, at most
     * {@code timeoutNanos} (negative: no limit); returns at a wake, a timeout, a signal, or at
     * once if the word has changed (the caller re-checks its condition in each case).
     */
    public static void futexWait(MemorySegment word, int expected, long timeoutNanos) throws ErrnoException {
        MemorySegment st = Native.state();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ts = MemorySegment.NULL;
            if (timeoutNanos >= 0) {
                ts = arena.allocate(16, 8);
                ts.set(JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
                ts.set(JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
            }
            long r = (long) FUTEX.invokeExact(st, SYS_FUTEX, word, FUTEX_WAIT, expected, ts);
            if (r < 0) {
                int errno = Native.errno(st);
                if (errno != Errno.EAGAIN && errno != Errno.EINTR && errno != Errno.ETIMEDOUT) {
                    throw new ErrnoException("futex(FUTEX_WAIT)", errno);
                }
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /** {@code FUTEX_WAKE}: wakes at most {@code count} waiters on {@code word}. */
    public static void futexWake(MemorySegment word, int count) throws ErrnoException {
        MemorySegment st = Native.state();
        try {
            long r = (long) FUTEX.invokeExact(st, SYS_FUTEX, word, FUTEX_WAKE, count, MemorySegment.NULL);
            if (r < 0) {
                throw new ErrnoException("futex(FUTEX_WAKE)", Native.errno(st));
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /** Whether process {@code pid} exists ({@code kill(pid, 0)}: EPERM counts as existing). */
    public static boolean alive(int pid) {
        MemorySegment st = Native.state();
        try {
            int r = (int) KILL.invokeExact(st, pid, 0);
            return r == 0 || Native.errno(st) != Errno.ESRCH;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }
}
