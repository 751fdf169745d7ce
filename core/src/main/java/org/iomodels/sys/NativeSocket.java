package org.iomodels.sys;

import java.io.Closeable;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A TCP (or AF_UNIX pair) socket that owns one raw kernel descriptor, driven through {@link Socket}
 * and {@link Libc}: the socket type of the raw engines and of {@code selectors}. It closes its
 * descriptor exactly once; afterwards {@link #fileno()} is -1 and every call fails with EBADF
 * naming this socket. Not thread-safe, like the descriptor it wraps: one owner at a time.
 */
public final class NativeSocket implements FileObject, Closeable {
    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(NativeSocket.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int fd;
    @SuppressWarnings("unused") // written through CLOSED
    private volatile boolean closed;
    private InetSocketAddress local;
    private InetSocketAddress remote;

    /** Takes ownership of {@code fd}. */
    public NativeSocket(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + fd);
        }
        this.fd = fd;
    }

    /** A listening TCP socket bound to {@code host:port} (port 0 picks a free one), SO_REUSEADDR set. */
    public static NativeSocket listen(String host, int port, int backlog, boolean nonBlocking) throws java.io.IOException {
        return listen(host, port, backlog, nonBlocking, false);
    }

    /**
     * As {@link #listen(String, int, int, boolean)}, with TCP_NODELAY set on the listener when
     * {@code noDelay}: Linux's accepted sockets inherit it, so no connection costs a setsockopt.
     */
    public static NativeSocket listen(String host, int port, int backlog, boolean nonBlocking, boolean noDelay)
            throws java.io.IOException {
        return listen(host, port, backlog, nonBlocking, noDelay, false);
    }

    /** As {@link #listen(String, int, int, boolean, boolean)}, with SO_REUSEPORT set when {@code reusePort}. */
    public static NativeSocket listen(String host, int port, int backlog, boolean nonBlocking, boolean noDelay, boolean reusePort)
            throws java.io.IOException {
        InetSocketAddress address = resolve(host, port);
        int family = address.getAddress() instanceof java.net.Inet6Address ? Socket.AF_INET6 : Socket.AF_INET;
        int fd = Socket.socket(family, Socket.SOCK_STREAM | Socket.SOCK_CLOEXEC
                | (nonBlocking ? Socket.SOCK_NONBLOCK : 0), 0);
        NativeSocket socket = new NativeSocket(fd);
        try {
            Socket.setsockopt(fd, Socket.SOL_SOCKET, Socket.SO_REUSEADDR, 1);
            if (reusePort) {
                Socket.setsockopt(fd, Socket.SOL_SOCKET, Socket.SO_REUSEPORT, 1);
            }
            if (noDelay) {
                Socket.setsockopt(fd, Socket.IPPROTO_TCP, Socket.TCP_NODELAY, 1);
            }
            Socket.bind(fd, address);
            Socket.listen(fd, backlog);
            return socket;
        } catch (java.io.IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A blocking TCP connection to {@code host:port}. */
    public static NativeSocket connect(String host, int port) throws java.io.IOException {
        InetSocketAddress address = resolve(host, port);
        int family = address.getAddress() instanceof java.net.Inet6Address ? Socket.AF_INET6 : Socket.AF_INET;
        NativeSocket socket = new NativeSocket(Socket.socket(family, Socket.SOCK_STREAM | Socket.SOCK_CLOEXEC, 0));
        try {
            Socket.connect(socket.fd, address);
            return socket;
        } catch (java.io.IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Two connected AF_UNIX stream sockets, as Python's {@code socket.socketpair()}. */
    public static NativeSocket[] pair() throws ErrnoException {
        int[] fds = Socket.socketpair(Socket.SOCK_STREAM | Socket.SOCK_CLOEXEC);
        return new NativeSocket[] {new NativeSocket(fds[0]), new NativeSocket(fds[1])};
    }

    private static InetSocketAddress resolve(String host, int port) throws UnknownHostException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    /**
     * {@code accept4(2)}: the next connection (close-on-exec, non-blocking if asked), or null
     * when a non-blocking listener has none waiting.
     */
    public NativeSocket accept(boolean nonBlocking) throws ErrnoException {
        return accept(nonBlocking, SyscallProbe.NONE);
    }

    /** {@link #accept(boolean)}, reported to {@code probe}. */
    public NativeSocket accept(boolean nonBlocking, SyscallProbe probe) throws ErrnoException {
        int flags = Socket.SOCK_CLOEXEC | (nonBlocking ? Socket.SOCK_NONBLOCK : 0);
        int client = Socket.accept4(liveFd(), flags, probe);
        return client == Libc.WOULD_BLOCK ? null : new NativeSocket(client);
    }

    /** Reads into {@code buf}: bytes read, 0 at end of stream, {@link Libc#WOULD_BLOCK} if not ready. */
    public int read(MemorySegment buf) throws ErrnoException {
        return Libc.read(liveFd(), buf, buf.byteSize(), SyscallProbe.NONE);
    }

    /**
     * Writes from {@code buf} with {@code send(MSG_NOSIGNAL)}, so a reset peer gives EPIPE rather
     * than a process-killing SIGPIPE: bytes written (maybe fewer), or {@link Libc#WOULD_BLOCK}.
     */
    public int write(MemorySegment buf) throws ErrnoException {
        return Socket.send(liveFd(), buf, buf.byteSize(), Socket.MSG_NOSIGNAL, SyscallProbe.NONE);
    }

    /** Writes all of {@code buf}, for blocking sockets; a non-blocking one would spin, so it is refused. */
    public void writeFully(MemorySegment buf) throws ErrnoException {
        long off = 0;
        while (off < buf.byteSize()) {
            int n = write(buf.asSlice(off));
            if (n == Libc.WOULD_BLOCK) {
                throw new IllegalStateException(this + " is non-blocking: writeFully would spin");
            }
            off += n;
        }
    }

    public void setBlocking(boolean blocking) throws ErrnoException {
        Fcntl.setNonBlocking(liveFd(), !blocking);
    }

    /** Half-close: the peer reads end of stream; this side can still read. */
    public void shutdownOutput() throws ErrnoException {
        shutdownOutput(SyscallProbe.NONE);
    }

    /** {@link #shutdownOutput()}, reported to {@code probe}. */
    public void shutdownOutput(SyscallProbe probe) throws ErrnoException {
        Socket.shutdown(liveFd(), Socket.SHUT_WR, probe);
    }

    /** The bound address (null for AF_UNIX), read once and remembered. */
    public InetSocketAddress localAddress() throws ErrnoException {
        if (local == null) {
            local = Socket.getsockname(liveFd());
        }
        return local;
    }

    /** The peer's address (null for AF_UNIX), read once and remembered. */
    public InetSocketAddress remoteAddress() throws ErrnoException {
        if (remote == null) {
            remote = Socket.getpeername(liveFd());
        }
        return remote;
    }

    @Override
    public int fileno() {
        return isClosed() ? -1 : fd;
    }

    public boolean isClosed() {
        return (boolean) CLOSED.getVolatile(this);
    }

    /** Closes the descriptor the first time; later calls do nothing. */
    @Override
    public void close() {
        close(SyscallProbe.NONE);
    }

    /** {@link #close()}, reported to {@code probe}. */
    public void close(SyscallProbe probe) {
        if (CLOSED.compareAndSet(this, false, true)) {
            try {
                Libc.close(fd, probe);
            } catch (ErrnoException e) {
                // EBADF would mean someone closed our descriptor behind our back: say so loudly.
                throw new IllegalStateException(this + ": " + e.getMessage(), e);
            }
        }
    }

    private int liveFd() throws ErrnoException {
        if (isClosed()) {
            throw new ErrnoException("socket " + fd + " (closed)", Errno.EBADF);
        }
        return fd;
    }

    @Override
    public String toString() {
        if (isClosed()) {
            return "NativeSocket[fd=" + fd + ", closed]";
        }
        StringBuilder s = new StringBuilder("NativeSocket[fd=").append(fd);
        try {
            InetSocketAddress l = localAddress();
            s.append(", local=").append(l == null ? "unix" : SockAddr.format(l));
            InetSocketAddress r = remoteAddress();
            s.append(", remote=").append(r == null ? "unix" : SockAddr.format(r));
        } catch (ErrnoException e) {
            // A listener or an unconnected socket has no peer: show what there is.
        }
        return s.append(']').toString();
    }
}
