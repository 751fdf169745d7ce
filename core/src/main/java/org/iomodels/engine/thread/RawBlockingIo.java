package org.iomodels.engine.thread;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.iomodels.engine.base.AbstractServer;
import org.iomodels.engine.base.AdaptiveReadSize;
import org.iomodels.engine.base.FileRegion;
import org.iomodels.engine.base.SocketAddresses;
import org.iomodels.server.IdleTimeoutException;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.NativeSocket;
import org.iomodels.sys.Socket;
import org.iomodels.sys.SyscallProbe;

/**
 * {@link BlockingIo} on raw blocking descriptors: Stevens' blocking model, where one
 * {@code read(2)} both waits for data and copies it. A closing thread cannot wake a thread
 * blocked in accept or read by closing the descriptor (Linux leaves it blocked, and the number
 * could be reused), so it calls {@code shutdown(2)}, which wakes it; the blocked thread closes.
 */
final class RawBlockingIo {
    /** Per-thread native scratch for writing heap buffers; allocated once per thread. */
    private static final ThreadLocal<MemorySegment> WRITE_SCRATCH =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(AbstractServer.READ_BUFFER));

    private RawBlockingIo() {}

    /** {@code noDelay}: TCP_NODELAY on the listener, which accepted sockets inherit (Linux). */
    static BlockingIo.Listener listen(String host, int port, int backlog, boolean noDelay, boolean reusePort) throws IOException {
        NativeSocket listener = NativeSocket.listen(host, port, backlog, false, noDelay, reusePort);
        InetSocketAddress address = listener.localAddress();
        int fd = listener.fileno();
        return new BlockingIo.Listener() {
            private boolean closed; // guarded by this, with the descriptor's release

            @Override
            public BlockingIo.Connection accept(SyscallProbe probe) throws IOException {
                return new Conn(listener.accept(false, probe));
            }

            @Override
            public InetSocketAddress address() {
                return address;
            }

            /** The acceptor thread owns the descriptor and closes it, last, so close() never races a reuse. */
            @Override
            public synchronized void release() {
                closed = true;
                listener.close();
            }

            @Override
            public synchronized void close() {
                closed = true;
                if (listener.isClosed()) {
                    return;
                }
                try {
                    Socket.shutdown(fd, Socket.SHUT_RDWR); // wakes accept(2) with EINVAL
                } catch (ErrnoException e) {
                    // not listening any more: nothing is blocked in accept
                }
            }
        };
    }

    private static final class Conn implements BlockingIo.Connection {
        private final NativeSocket socket;
        private final int fd;
        // The reading thread's, made on its first read and closed by it: a confined arena must be.
        private Arena arena;
        private MemorySegment readSegment;
        private ByteBuffer buffer;
        private final AdaptiveReadSize readSize = new AdaptiveReadSize();
        private boolean closed; // guarded by this, so wake() never shuts down a reused descriptor
        private final SocketAddresses addresses;
        private int timeoutMillis;

        Conn(NativeSocket socket) {
            this.socket = socket;
            this.fd = socket.fileno();
            this.addresses = new SocketAddresses(fd);
        }

        @Override
        public ByteBuffer buffer() {
            if (buffer == null) {
                resize();
            }
            return buffer;
        }

        /** A buffer of the adapted size; called before a read, when the handler is done with the old one. */
        private void resize() {
            if (arena != null) {
                arena.close();
            }
            arena = Arena.ofConfined();
            readSegment = arena.allocate(readSize.size(), 64);
            buffer = readSegment.asByteBuffer();
        }

        @Override
        public int read(SyscallProbe probe) throws IOException {
            if (buffer == null || readSegment.byteSize() != readSize.size()) {
                resize();
            }
            int n = Libc.read(fd, readSegment, readSegment.byteSize(), probe);
            if (n == Libc.WOULD_BLOCK) { // SO_RCVTIMEO expired
                throw new IdleTimeoutException(Duration.ofMillis(timeoutMillis));
            }
            if (n > 0) {
                readSize.record(n);
            }
            return n;
        }

        @Override
        public void writeFully(ByteBuffer src, SyscallProbe probe) throws IOException {
            while (src.hasRemaining()) {
                int len = src.remaining();
                MemorySegment from;
                if (src.isDirect()) {
                    from = MemorySegment.ofBuffer(src);
                } else {
                    from = WRITE_SCRATCH.get();
                    len = (int) Math.min(len, from.byteSize());
                    MemorySegment.copy(MemorySegment.ofBuffer(src), 0, from, 0, len);
                }
                int n = Socket.send(fd, from, len, Socket.MSG_NOSIGNAL, probe);
                if (n == Libc.WOULD_BLOCK) {
                    throw new IOException("send(fd=" + fd + ") would block on a blocking socket");
                }
                src.position(src.position() + n);
            }
        }

        @Override
        public FileRegion openFile(Path file, long position, long count, SyscallProbe probe) throws IOException {
            return FileRegion.openFd(file, position, count, probe);
        }

        /** sendfile(2) until done: on a blocking socket each call returns once the kernel took what it could. */
        @Override
        public void sendFile(FileRegion region, SyscallProbe probe) throws IOException {
            FileRegion.Fd file = (FileRegion.Fd) region;
            try (Arena call = Arena.ofConfined()) { // any thread may send: the off_t is this call's
                MemorySegment offset = call.allocate(ValueLayout.JAVA_LONG);
                while (file.remaining > 0) {
                    if (file.sendTo(fd, offset, probe) == 0) {
                        throw new IOException("sendfile(fd=" + fd + ") would block on a blocking socket");
                    }
                }
            }
        }

        @Override
        public void shutdownOutput() throws IOException {
            Socket.shutdown(fd, Socket.SHUT_WR);
        }

        @Override
        public void setReadTimeout(int millis) throws IOException {
            timeoutMillis = millis;
            Socket.setTimeout(fd, Socket.SO_RCVTIMEO, millis);
        }

        @Override
        public synchronized void wake() {
            if (closed) {
                return;
            }
            try {
                Socket.shutdown(fd, Socket.SHUT_RDWR);
            } catch (ErrnoException e) {
                // not connected any more: the reader is not blocked then either
            }
        }

        /** shutdown(SHUT_RDWR) already fails a blocked send with EPIPE. */
        @Override
        public void abort() {
            wake();
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;
                addresses.closed();
                socket.close();
            }
            if (arena != null) {
                arena.close();
            }
        }

        @Override
        public InetSocketAddress localAddress() {
            return addresses.local();
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return addresses.remote();
        }
    }
}
