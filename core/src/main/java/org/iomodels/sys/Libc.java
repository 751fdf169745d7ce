package org.iomodels.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * File-descriptor basics: {@code open(2)}, {@code read(2)}, {@code write(2)}, {@code lseek(2)},
 * {@code sendfile(2)}, {@code close(2)}, {@code pipe2(2)} and {@code eventfd(2)} (the wake-up
 * primitives), {@code gettid(2)}.
 *
 * <p>Results follow the kernel: a byte count, 0 at end of file, {@link #WOULD_BLOCK} when a
 * non-blocking descriptor has nothing to give (EAGAIN); any other failure throws
 * {@link ErrnoException}. EINTR is retried.
 */
public final class Libc {
    /** Returned by read/write-like calls when the descriptor is non-blocking and not ready (EAGAIN). */
    public static final int WOULD_BLOCK = (int) Native.WOULD_BLOCK;

    /** {@code O_NONBLOCK} (also {@code SOCK_NONBLOCK}, {@code EFD_NONBLOCK}), octal 04000. */
    public static final int O_NONBLOCK = 0x800;
    /** {@code O_CLOEXEC} (also {@code SOCK_CLOEXEC}, {@code EFD_CLOEXEC}), octal 02000000. */
    public static final int O_CLOEXEC = 0x80000;
    public static final int O_RDONLY = 0;

    private static final MethodHandle READ = Native.errnoCallRetrying("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = Native.errnoCallRetrying("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    // int open(const char *pathname, int flags, ... /* mode_t mode */): variadic after flags.
    private static final MethodHandle OPEN = Native.errnoCallVariadicRetrying("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 2);
    private static final MethodHandle SENDFILE = Native.errnoCallRetrying("sendfile",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = Native.errnoCall("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PIPE2 = Native.errnoCall("pipe2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle EVENTFD = Native.errnoCall("eventfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle LSEEK = Native.errnoCall("lseek",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final int SEEK_END = 2;
    private static final MethodHandle GETTID = Native.plainCall("gettid",
            FunctionDescriptor.of(JAVA_INT));

    private Libc() {}

    /** {@code lseek(fd, 0, SEEK_END)}: the size of the open file now. */
    public static long fileSize(int fd, SyscallProbe probe) throws ErrnoException {
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.LSEEK);
        long r;
        try {
            r = (long) LSEEK.invokeExact(st, fd, 0L, SEEK_END);
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, Syscall.LSEEK, fd, r, st, t);
        if (r < 0) {
            throw new ErrnoException("lseek(fd=" + fd + ", 0, SEEK_END)", Native.errno(st));
        }
        return r;
    }

    /** {@code read(2)} into {@code buf}: bytes read, 0 at end of file, or {@link #WOULD_BLOCK}. */
    public static int read(int fd, MemorySegment buf, long len, SyscallProbe probe) throws ErrnoException {
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.READ);
        long r;
        try {
            r = (long) READ.invokeExact(st, fd, buf, Math.min(len, buf.byteSize()));
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, Syscall.READ, fd, r, st, t);
        return (int) Native.check(r, st, "read", fd);
    }

    /**
     * {@code open(2)} of an existing file with {@code flags} (no O_CREAT, so no mode): the new
     * descriptor. Failures name the path: {@code open(/srv/a.html): ENOENT (No such file or directory)}.
     */
    public static int open(String path, int flags) throws ErrnoException {
        return open(path, flags, SyscallProbe.NONE);
    }

    /** {@link #open(String, int)}, reported to {@code probe} (with the new descriptor as the result). */
    public static int open(String path, int flags, SyscallProbe probe) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path);
            MemorySegment st = Native.state();
            long t = probe.start(Syscall.OPEN);
            int r = (int) OPEN.invokeExact(st, cPath, flags, 0);
            Native.report(probe, Syscall.OPEN, -1, r, st, t);
            long fd = Native.checkPath(r, st, "open", path);
            if (fd == Native.WOULD_BLOCK) { // only with O_NONBLOCK on a leased file: not a descriptor
                throw new ErrnoException("open(" + path + ")", Errno.EAGAIN);
            }
            return (int) fd;
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /**
     * {@code sendfile(2)}: up to {@code count} bytes of {@code inFd} from the file offset stored
     * at {@code offset} (an {@code off_t} the kernel advances; the descriptor's own offset is left
     * alone) to {@code outFd}, copied inside the kernel from the page cache, never through a
     * user-space buffer. Returns bytes sent (fewer than asked when a non-blocking socket fills),
     * 0 when the offset is at the end of the file, or {@link #WOULD_BLOCK}. sendfile has no
     * MSG_NOSIGNAL: to a reset peer it raises SIGPIPE, which the JVM ignores, and fails with EPIPE.
     */
    public static long sendfile(int outFd, int inFd, MemorySegment offset, long count, SyscallProbe probe)
            throws ErrnoException {
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.SENDFILE);
        long r;
        try {
            r = (long) SENDFILE.invokeExact(st, outFd, inFd, offset, count);
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, Syscall.SENDFILE, outFd, r, st, t);
        return Native.check(r, st, "sendfile", outFd);
    }

    /** {@code write(2)} from {@code buf}: bytes written (possibly fewer than asked) or {@link #WOULD_BLOCK}. */
    public static int write(int fd, MemorySegment buf, long len) throws ErrnoException {
        return write(fd, buf, len, SyscallProbe.NONE);
    }

    /** {@link #write(int, MemorySegment, long)}, reported to {@code probe}. */
    public static int write(int fd, MemorySegment buf, long len, SyscallProbe probe) throws ErrnoException {
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.WRITE);
        long r;
        try {
            r = (long) WRITE.invokeExact(st, fd, buf, Math.min(len, buf.byteSize()));
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, Syscall.WRITE, fd, r, st, t);
        return (int) Native.check(r, st, "write", fd);
    }

    /**
     * {@code close(2)}. Never retried: on Linux the descriptor is released even when close
     * reports EINTR, and a retry could close a descriptor another thread has just been given.
     */
    public static void close(int fd) throws ErrnoException {
        close(fd, SyscallProbe.NONE);
    }

    /** {@link #close(int)}, reported to {@code probe}. */
    public static void close(int fd, SyscallProbe probe) throws ErrnoException {
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.CLOSE);
        int r;
        try {
            r = (int) CLOSE.invokeExact(st, fd);
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, Syscall.CLOSE, fd, r, st, t);
        if (r < 0 && Native.errno(st) != Errno.EINTR) {
            throw new ErrnoException("close(fd=" + fd + ")", Native.errno(st));
        }
    }

    /** {@code pipe2(2)}: {read end, write end}; {@code flags} take {@link #O_NONBLOCK} and {@link #O_CLOEXEC}. */
    public static int[] pipe2(int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            MemorySegment st = Native.state();
            int r = (int) PIPE2.invokeExact(st, fds, flags);
            Native.checkArg(r, st, "pipe2", "flags", flags);
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /** {@code eventfd(2)}: a counter descriptor, the cheapest way to wake a thread blocked in a wait call. */
    public static int eventfd(int initial, int flags) throws ErrnoException {
        MemorySegment st = Native.state();
        int r;
        try {
            r = (int) EVENTFD.invokeExact(st, initial, flags);
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
        return (int) Native.checkArg(r, st, "eventfd", "flags", flags);
    }

    /** {@code gettid(2)}: the kernel's id of the calling thread. */
    public static int gettid() {
        try {
            return (int) GETTID.invokeExact();
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }
}
