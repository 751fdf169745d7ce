package org.iomodels.green;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.iomodels.sys.Errno;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.NativeSocket;
import org.iomodels.sys.Socket;
import org.iomodels.sys.SyscallProbe;

/**
 * A cooperative TCP socket, gevent's {@code socket}: written blocking-style, but each wait parks
 * the greenlet on the hub instead of blocking the thread, so the other greenlets run meanwhile.
 * Every call tries the syscall first and waits only when the kernel says EAGAIN. Timeouts are
 * seconds ({@link #setTimeout}, infinity by default, or {@link #setDefaultTimeout}); one that passes
 * raises {@link SocketTimeoutException}. Names are resolved on the hub's thread pool
 * ({@link Hub#runInThreadPool}), never on the hub; an address literal needs no lookup.
 */
public final class GreenSocket implements AutoCloseable {
    private static volatile double defaultTimeout = Double.POSITIVE_INFINITY;
    /** A direct buffer per thread: syscalls take native memory, so a heap buffer's bytes go through it. */
    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> java.lang.foreign.Arena.ofAuto().allocate(64 << 10, 64));

    private final NativeSocket socket;
    private final int fd;
    private double timeout = defaultTimeout;

    /** Takes over a connected socket; it is made non-blocking. */
    public GreenSocket(NativeSocket socket) throws ErrnoException {
        this.socket = socket;
        this.fd = socket.fileno();
        socket.setBlocking(false);
    }

    /** Python's {@code socket.setdefaulttimeout}: the timeout of sockets made from now on. */
    public static void setDefaultTimeout(double seconds) {
        defaultTimeout = checked(seconds);
    }

    /** Connects to {@code host:port}, waiting as long as it takes. */
    public static GreenSocket connect(String host, int port) throws IOException {
        return connect(host, port, defaultTimeout);
    }

    /** Connects to {@code host:port} within {@code timeoutSeconds} (the lookup included); the socket keeps that timeout. */
    public static GreenSocket connect(String host, int port, double timeoutSeconds) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        InetAddress address;
        double left = checked(timeoutSeconds);
        try {
            address = InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException notLiteral) {
            double t0 = Hub.get().time();
            Timeout t = Timeout.start(timeoutSeconds);
            try (t) {
                address = Hub.get().runInThreadPool(() -> InetAddress.getByName(host));
            } catch (Timeout e) {
                if (e != t) {
                    throw e;
                }
                throw new SocketTimeoutException("looking up " + host + " timed out after " + timeoutSeconds + " s");
            }
            left = Math.max(0.001, timeoutSeconds - (Hub.get().time() - t0)); // the lookup took part of the timeout
        }
        return connect(new InetSocketAddress(address, port), left);
    }

    /** Connects to {@code address} within {@code timeoutSeconds}. A refusal is a {@link ConnectException} naming the address. */
    public static GreenSocket connect(InetSocketAddress address, double timeoutSeconds) throws IOException {
        checked(timeoutSeconds);
        int family = address.getAddress() instanceof Inet6Address ? Socket.AF_INET6 : Socket.AF_INET;
        NativeSocket s = new NativeSocket(Socket.socket(family, Socket.SOCK_STREAM | Socket.SOCK_NONBLOCK | Socket.SOCK_CLOEXEC, 0));
        try {
            boolean connected;
            try {
                connected = Socket.connect(s.fileno(), address);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ECONNREFUSED) {
                    throw e;
                }
                throw new ConnectException("connect(" + address.getAddress().getHostAddress() + ":" + address.getPort()
                        + "): ECONNREFUSED (" + Errno.strerror(Errno.ECONNREFUSED) + ")");
            }
            if (!connected) {
                Readiness.await(s.fileno(), false, timeoutSeconds, "connect(" + address + ")");
                int error = Socket.getsockopt(s.fileno(), Socket.SOL_SOCKET, Socket.SO_ERROR);
                if (error != 0) {
                    throw new ConnectException("connect(" + address.getAddress().getHostAddress() + ":" + address.getPort()
                            + "): " + Errno.name(error) + " (" + Errno.strerror(error) + ")");
                }
            }
            Socket.setsockopt(s.fileno(), Socket.IPPROTO_TCP, Socket.TCP_NODELAY, 1);
            GreenSocket g = new GreenSocket(s);
            g.timeout = timeoutSeconds;
            return g;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Seconds a call may wait: infinity (the default) waits as long as it takes, 0 never waits. */
    public void setTimeout(double seconds) {
        timeout = checked(seconds);
    }

    public double timeout() {
        return timeout;
    }

    public int fileno() {
        return fd;
    }

    /** Up to {@code max} bytes; an empty array at end of stream. */
    public byte[] recv(int max) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(max);
        recvInto(b);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** Reads into {@code dst}'s remaining space: the bytes read, 0 at end of stream. */
    public int recvInto(ByteBuffer dst) throws IOException {
        return recvInto(dst, timeout);
    }

    /** As {@link #recvInto(ByteBuffer)}, waiting at most {@code timeoutSeconds}. */
    public int recvInto(ByteBuffer dst, double timeoutSeconds) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        boolean direct = dst.isDirect();
        MemorySegment into = direct ? MemorySegment.ofBuffer(dst) : SCRATCH.get();
        long len = Math.min(dst.remaining(), into.byteSize());
        for (;;) {
            int n = Libc.read(liveFd("recv"), into, len, SyscallProbe.NONE);
            if (n != Libc.WOULD_BLOCK) {
                if (!direct) {
                    MemorySegment.copy(into, 0, MemorySegment.ofBuffer(dst), 0, n);
                }
                dst.position(dst.position() + n);
                return n;
            }
            Readiness.await(fd, true, timeoutSeconds, "recv(fd=" + fd + ")");
        }
    }

    /** Sends what the kernel takes of {@code src} now (waiting until it takes something): the bytes sent. */
    public int send(ByteBuffer src) throws IOException {
        return send(src, timeout);
    }

    public int send(ByteBuffer src, double timeoutSeconds) throws IOException {
        if (!src.hasRemaining()) {
            return 0;
        }
        for (;;) {
            MemorySegment from;
            long len;
            if (src.isDirect()) {
                from = MemorySegment.ofBuffer(src);
                len = from.byteSize();
            } else { // copied anew before each try: another greenlet of this thread may have used the scratch while this one waited
                from = SCRATCH.get();
                len = Math.min(src.remaining(), from.byteSize());
                MemorySegment.copy(MemorySegment.ofBuffer(src), 0, from, 0, len);
            }
            int n = Socket.send(liveFd("send"), from, len, Socket.MSG_NOSIGNAL, SyscallProbe.NONE);
            if (n != Libc.WOULD_BLOCK) {
                src.position(src.position() + n);
                return n;
            }
            Readiness.await(fd, false, timeoutSeconds, "send(fd=" + fd + ")");
        }
    }

    /** Sends all of {@code src}; the timeout applies to each wait. */
    public void sendAll(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            send(src, timeout);
        }
    }

    public void sendAll(byte[] data) throws IOException {
        sendAll(ByteBuffer.wrap(data));
    }

    /** {@code shutdown(2)} with {@link Socket#SHUT_RD}, {@link Socket#SHUT_WR} or {@link Socket#SHUT_RDWR}. */
    public void shutdown(int how) throws ErrnoException {
        Socket.shutdown(liveFd("shutdown"), how);
    }

    public InetSocketAddress localAddress() throws ErrnoException {
        return socket.localAddress();
    }

    public InetSocketAddress remoteAddress() throws ErrnoException {
        return socket.remoteAddress();
    }

    /**
     * Closes the socket. A greenlet of this thread waiting on it is woken with a
     * {@link java.net.SocketException} (gevent's {@code cancel_wait}), and its watcher leaves the
     * hub's poller before the descriptor goes, so nothing waits on a closed fd.
     */
    @Override
    public void close() {
        if (!socket.isClosed()) {
            Readiness.cancelWaits(fd);
        }
        socket.close();
    }

    private int liveFd(String call) throws ErrnoException {
        if (socket.isClosed()) {
            throw new ErrnoException(call + "(fd=" + fd + ") on a closed socket", Errno.EBADF);
        }
        return fd;
    }

    static double checked(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0) {
            throw new IllegalArgumentException("a timeout needs seconds >= 0 (infinity: none), not " + seconds);
        }
        return seconds;
    }

    /** For {@link GreenServerSocket}: an accepted socket with the listener's timeout. */
    static GreenSocket accepted(NativeSocket s, double timeout) throws ErrnoException {
        try {
            GreenSocket g = new GreenSocket(s);
            g.timeout = timeout;
            return g;
        } catch (ErrnoException | RuntimeException e) {
            s.close();
            throw e;
        }
    }
}
