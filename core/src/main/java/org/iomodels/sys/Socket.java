package org.iomodels.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;

/**
 * Sockets, as {@code socket(7)}, {@code tcp(7)} and {@code ip(7)} describe them: {@code socket},
 * {@code socketpair}, {@code bind}, {@code listen}, {@code accept4}, {@code connect}, {@code recv},
 * {@code send}, {@code shutdown}, {@code setsockopt/getsockopt}, {@code getsockname/getpeername}.
 * Addresses cross the boundary as {@link InetSocketAddress}; {@link SockAddr} does the encoding.
 */
public final class Socket {
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_NONBLOCK = Libc.O_NONBLOCK;
    public static final int SOCK_CLOEXEC = Libc.O_CLOEXEC;

    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_ERROR = 4;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    public static final int SO_REUSEPORT = 15;
    /** Receive timeout, a {@code struct timeval} (the 64-bit time_t layout of x86-64 and aarch64). */
    public static final int SO_RCVTIMEO = 20;
    public static final int IPPROTO_TCP = 6;
    public static final int TCP_NODELAY = 1;

    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    /** {@code MSG_NOSIGNAL}: a write to a reset peer returns EPIPE instead of raising SIGPIPE. */
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_DONTWAIT = 0x40;

    private static final MethodHandle SOCKET = Native.errnoCall("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SOCKETPAIR = Native.errnoCall("socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle BIND = Native.errnoCall("bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LISTEN = Native.errnoCall("listen",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle ACCEPT4 = Native.errnoCallRetrying("accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle CONNECT = Native.errnoCall("connect",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECV = Native.errnoCallRetrying("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SEND = Native.errnoCallRetrying("send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SHUTDOWN = Native.errnoCall("shutdown",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = Native.errnoCall("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = Native.errnoCall("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GETSOCKNAME = Native.errnoCall("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GETPEERNAME = Native.errnoCall("getpeername",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    private Socket() {}

    /** {@code socket(2)}: a new socket descriptor; {@code type} may carry SOCK_NONBLOCK and SOCK_CLOEXEC. */
    public static int socket(int domain, int type, int protocol) throws ErrnoException {
        MemorySegment st = Native.state();
        try {
            return (int) Native.checkArg((int) SOCKET.invokeExact(st, domain, type, protocol), st, "socket", "domain", domain);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /** {@code socketpair(2)} of two connected AF_UNIX stream sockets. */
    public static int[] socketpair(int type) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            MemorySegment st = Native.state();
            Native.checkArg((int) SOCKETPAIR.invokeExact(st, AF_UNIX, type, 0, fds), st, "socketpair", "type", type);
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /** {@code bind(2)} to {@code address} (IPv4 or IPv6). */
    public static void bind(int fd, InetSocketAddress address) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = SockAddr.encode(address, arena);
            MemorySegment st = Native.state();
            int r = (int) BIND.invokeExact(st, fd, sa, (int) sa.byteSize());
            if (r < 0) {
                throw new ErrnoException("bind(fd=" + fd + ", " + SockAddr.format(address) + ")", Native.errno(st));
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /** {@code listen(2)}. */
    public static void listen(int fd, int backlog) throws ErrnoException {
        MemorySegment st = Native.state();
        try {
            Native.check((int) LISTEN.invokeExact(st, fd, backlog), st, "listen", fd);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /**
     * {@code accept4(2)} without asking for the peer address (read it later with
     * {@link #getpeername} if needed): the new descriptor, or {@link Libc#WOULD_BLOCK}.
     * EMFILE, ENFILE, ECONNABORTED and the rest throw, for the caller to decide.
     */
    public static int accept4(int fd, int flags, SyscallProbe probe) throws ErrnoException {
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.ACCEPT4);
        long r;
        try {
            r = (int) ACCEPT4.invokeExact(st, fd, MemorySegment.NULL, MemorySegment.NULL, flags);
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, Syscall.ACCEPT4, fd, r, st, t);
        return (int) Native.check(r, st, "accept4", fd);
    }

    /**
     * {@code connect(2)}: true when connected, false when a non-blocking connect is under way
     * (EINPROGRESS: wait for writability, then read {@code SO_ERROR}).
     */
    public static boolean connect(int fd, InetSocketAddress address) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = SockAddr.encode(address, arena);
            MemorySegment st = Native.state();
            int r = (int) CONNECT.invokeExact(st, fd, sa, (int) sa.byteSize());
            if (r == 0) {
                return true;
            }
            int errno = Native.errno(st);
            if (errno == Errno.EINPROGRESS || errno == Errno.EINTR) {
                // After EINTR the connect goes on in the background, as after EINPROGRESS (connect(2)).
                return false;
            }
            throw new ErrnoException("connect(fd=" + fd + ", " + SockAddr.format(address) + ")", errno);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /** {@code recv(2)}: as {@link Libc#read}, with flags. */
    public static int recv(int fd, MemorySegment buf, long len, int flags, SyscallProbe probe) throws ErrnoException {
        return transfer(RECV, Syscall.RECV, fd, buf, len, flags, probe);
    }

    /** {@code send(2)}: as {@link Libc#write}, with flags (pass {@link #MSG_NOSIGNAL} on sockets). */
    public static int send(int fd, MemorySegment buf, long len, int flags, SyscallProbe probe) throws ErrnoException {
        return transfer(SEND, Syscall.SEND, fd, buf, len, flags, probe);
    }

    private static int transfer(MethodHandle handle, Syscall call, int fd, MemorySegment buf, long len, int flags,
                                SyscallProbe probe) throws ErrnoException {
        MemorySegment st = Native.state();
        long t = probe.start(call);
        long r;
        try {
            r = (long) handle.invokeExact(st, fd, buf, Math.min(len, buf.byteSize()), flags);
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, call, fd, r, st, t);
        return (int) Native.check(r, st, call.manName(), fd);
    }

    /** {@code shutdown(2)} with SHUT_RD, SHUT_WR or SHUT_RDWR. */
    public static void shutdown(int fd, int how) throws ErrnoException {
        shutdown(fd, how, SyscallProbe.NONE);
    }

    /** {@link #shutdown(int, int)}, reported to {@code probe}. */
    public static void shutdown(int fd, int how, SyscallProbe probe) throws ErrnoException {
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.SHUTDOWN);
        int r;
        try {
            r = (int) SHUTDOWN.invokeExact(st, fd, how);
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, Syscall.SHUTDOWN, fd, r, st, t);
        Native.check(r, st, "shutdown", fd);
    }

    /** {@code setsockopt(2)} of an int-valued option. */
    public static void setsockopt(int fd, int level, int option, int value) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocateFrom(JAVA_INT, value);
            MemorySegment st = Native.state();
            Native.check((int) SETSOCKOPT.invokeExact(st, fd, level, option, v, (int) JAVA_INT.byteSize()),
                    st, "setsockopt", "option=" + option, fd);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /** {@code setsockopt(2)} of a {@code struct timeval} option (SO_RCVTIMEO): {@code millis} 0 = none. */
    public static void setTimeout(int fd, int option, long millis) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tv = arena.allocate(Select.TIMEVAL);
            Select.setTimeval(tv, millis * 1_000_000);
            MemorySegment st = Native.state();
            Native.check((int) SETSOCKOPT.invokeExact(st, fd, SOL_SOCKET, option, tv, (int) tv.byteSize()),
                    st, "setsockopt", "option=" + option, fd);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /** {@code getsockopt(2)} of an int-valued option. */
    public static int getsockopt(int fd, int level, int option) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            MemorySegment len = arena.allocateFrom(JAVA_INT, (int) JAVA_INT.byteSize());
            MemorySegment st = Native.state();
            Native.check((int) GETSOCKOPT.invokeExact(st, fd, level, option, v, len),
                    st, "getsockopt", "option=" + option, fd);
            return v.get(JAVA_INT, 0);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /** {@code getsockname(2)}: the local address, or null for an unnamed AF_UNIX socket. */
    public static InetSocketAddress getsockname(int fd) throws ErrnoException {
        return name(GETSOCKNAME, "getsockname", fd);
    }

    /** {@code getpeername(2)}: the peer's address, or null for an unnamed AF_UNIX peer. */
    public static InetSocketAddress getpeername(int fd) throws ErrnoException {
        return name(GETPEERNAME, "getpeername", fd);
    }

    private static InetSocketAddress name(MethodHandle call, String name, int fd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SockAddr.STORAGE_SIZE, 8);
            MemorySegment len = arena.allocateFrom(JAVA_INT, (int) SockAddr.STORAGE_SIZE);
            MemorySegment st = Native.state();
            Native.check((int) call.invokeExact(st, fd, sa, len), st, name, fd);
            return SockAddr.decode(sa, len.get(JAVA_INT, 0));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }
}
