package org.iomodels.engine.thread;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.iomodels.engine.base.AdaptiveReadSize;
import org.iomodels.engine.base.FileRegion;
import org.iomodels.server.IdleTimeoutException;
import org.iomodels.sys.Errno;
import org.iomodels.sys.Syscall;
import org.iomodels.sys.SyscallProbe;

/**
 * {@link BlockingIo} on {@code java.net.Socket}: the {@code jdk-blocking} and {@code virtual}
 * models. On a virtual thread the same calls park the virtual thread and let the JDK's poller
 * wait instead; the counters see the calls made here, not the JDK's inside them.
 *
 * <p>The listener is a {@link ServerSocketChannel} in blocking mode, so each accepted socket is
 * the {@code java.net.Socket} adaptor of a blocking {@link SocketChannel}: reads and writes go
 * through its streams as through any {@code Socket}'s (SO_TIMEOUT included), and the channel
 * underneath is what {@code FileChannel.transferTo} needs to send a file with sendfile(2). A
 * {@code Socket} from {@code new ServerSocket().accept()} has no channel, and transferTo to its
 * stream would copy through a user-space buffer.
 */
final class JdkBlockingIo {
    private JdkBlockingIo() {}

    /**
     * Closes one connected pair of blocking channels before serving. The JDK's first close of a
     * blocking socket runs a one-time initialisation ({@code Net.shouldShutdownWriteBeforeClose});
     * met first when 19,000 connections close at once, it queued 18,941 threads on its lock and a
     * new connection waited 21 s (issue 11). Best effort: a failure here is not the server's.
     */
    private static void warmUpClose() {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            try (SocketChannel client = SocketChannel.open(probe.getLocalAddress());
                 SocketChannel accepted = probe.accept()) {
                accepted.shutdownOutput();
            }
        } catch (IOException | RuntimeException e) {
            // no loopback here: the initialisation simply happens later
        }
    }

    /** {@code noDelay}: TCP_NODELAY on each accepted socket (the JDK cannot set it on a listener). */
    static BlockingIo.Listener listen(String host, int port, int backlog, boolean noDelay, boolean reusePort) throws IOException {
        warmUpClose();
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (reusePort) {
                server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            server.bind(new InetSocketAddress(host, port), backlog);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
        return new BlockingIo.Listener() {
            @Override
            public BlockingIo.Connection accept(SyscallProbe probe) throws IOException {
                long t = probe.start(Syscall.ACCEPT);
                SocketChannel channel = null;
                try {
                    channel = server.accept();
                } finally {
                    probe.end(Syscall.ACCEPT, -1, channel == null ? SyscallProbe.FAILED : 0, t);
                }
                try {
                    if (noDelay) {
                        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    }
                    return new Conn(channel);
                } catch (IOException | RuntimeException e) {
                    channel.close(); // reset before we asked for its addresses
                    throw e;
                }
            }

            @Override
            public InetSocketAddress address() {
                return address;
            }

            @Override
            public void close() {
                try {
                    server.close(); // wakes a thread blocked in accept (AsynchronousCloseException)
                } catch (IOException e) {
                    // the descriptor is released whatever close reports
                }
            }

            @Override
            public void release() {
                close();
            }
        };
    }

    private static final class Conn implements BlockingIo.Connection {
        private final SocketChannel channel;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final AdaptiveReadSize readSize = new AdaptiveReadSize();
        private byte[] array = new byte[readSize.size()];
        private ByteBuffer buffer = ByteBuffer.wrap(array);
        private final InetSocketAddress local;
        private final InetSocketAddress remote;
        private int timeoutMillis;

        Conn(SocketChannel channel) throws IOException {
            this.channel = channel;
            this.socket = channel.socket();
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
            this.local = (InetSocketAddress) socket.getLocalSocketAddress();
            this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        }

        @Override
        public ByteBuffer buffer() {
            return buffer;
        }

        @Override
        public int read(SyscallProbe probe) throws IOException {
            if (array.length != readSize.size()) { // the handler is done with the old one: it returned
                array = new byte[readSize.size()];
                buffer = ByteBuffer.wrap(array);
            }
            long t = probe.start(Syscall.READ);
            long result = SyscallProbe.FAILED;
            int n;
            try {
                n = in.read(array);
                result = Math.max(n, 0); // -1 is read(2)'s 0
            } catch (SocketTimeoutException e) {
                result = -Errno.EAGAIN; // SO_RCVTIMEO ran out
                throw new IdleTimeoutException(Duration.ofMillis(timeoutMillis));
            } finally {
                probe.end(Syscall.READ, -1, result, t);
            }
            if (n < 0) {
                return 0;
            }
            readSize.record(n);
            return n;
        }

        @Override
        public void writeFully(ByteBuffer src, SyscallProbe probe) throws IOException {
            int n = src.remaining();
            long t = probe.start(Syscall.WRITE);
            long result = SyscallProbe.FAILED;
            try {
                if (src.hasArray()) {
                    out.write(src.array(), src.arrayOffset() + src.position(), n);
                } else {
                    byte[] copy = new byte[n];
                    src.duplicate().get(copy);
                    out.write(copy);
                }
                result = n;
            } finally {
                probe.end(Syscall.WRITE, -1, result, t);
            }
            src.position(src.limit());
        }

        @Override
        public FileRegion openFile(Path file, long position, long count, SyscallProbe probe) throws IOException {
            long t = probe.start(Syscall.OPEN);
            FileRegion region = null;
            try {
                region = FileRegion.openChannel(file, position, count);
                return region;
            } finally {
                probe.end(Syscall.OPEN, -1, region == null ? SyscallProbe.FAILED : 0, t);
            }
        }

        /**
         * transferTo to the socket's channel until done: sendfile(2) inside the JDK. On a platform
         * thread the socket is blocking and one call usually sends it all. On a virtual thread it is
         * not: the JDK makes a virtual thread's socket non-blocking underneath (so that a blocked
         * read or write parks the virtual thread instead of its carrier), and while its own reads
         * and writes park and retry on EAGAIN, FileChannelImpl.transferToSocketChannel does not:
         * sendfile's EAGAIN comes back as 0 bytes transferred, at once (strace: sendfile(...) =
         * -1 EAGAIN). A platform thread sees the same while another thread's timed read has made
         * the socket non-blocking for a moment. Calling transferTo again would spin, so a 0 waits
         * for room with {@link #awaitRoom}.
         */
        @Override
        public void sendFile(FileRegion region, SyscallProbe probe) throws IOException {
            FileRegion.Channel file = (FileRegion.Channel) region;
            while (file.remaining > 0) {
                if (file.transferTo(channel, probe) == 0) {
                    awaitRoom(file, probe); // or the file ended: transferTo returns 0 there too
                }
            }
        }

        /**
         * Waits for room in the socket the only way the public API parks a virtual thread on
         * POLLOUT: a blocking write, of one byte, read from the file (pread) at the region's
         * position. One byte per full socket buffer goes through user space; the rest goes by
         * sendfile. A file that has nothing at that position is shorter than promised.
         */
        private void awaitRoom(FileRegion.Channel file, SyscallProbe probe) throws IOException {
            ByteBuffer one = ByteBuffer.allocate(1);
            long t = probe.start(Syscall.PREAD);
            int got = -1;
            try {
                got = file.channel.read(one, file.position);
            } finally {
                probe.end(Syscall.PREAD, -1, got < 0 ? (got == -1 ? 0 : SyscallProbe.FAILED) : got, t);
            }
            if (got < 1) {
                throw file.shortFile(file.channel.size());
            }
            writeFully(one.flip(), probe);
            file.advance(1);
        }

        @Override
        public void shutdownOutput() throws IOException {
            socket.shutdownOutput();
        }

        @Override
        public void setReadTimeout(int millis) throws IOException {
            timeoutMillis = millis;
            socket.setSoTimeout(millis);
        }

        @Override
        public void wake() {
            try {
                socket.shutdownInput();
            } catch (IOException e) {
                // already closed or reset: the reader is not blocked then either
            }
        }

        /** Closing a channel another thread is blocked on makes that thread's call fail (AsynchronousCloseException). */
        @Override
        public void abort() {
            close();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // released whatever close reports
            }
        }

        @Override
        public InetSocketAddress localAddress() {
            return local;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return remote;
        }
    }
}
