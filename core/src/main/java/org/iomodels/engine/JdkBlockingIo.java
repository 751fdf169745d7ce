package org.iomodels.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.iomodels.server.SyscallCounters;
import org.iomodels.server.SyscallCounters.Kind;

/**
 * {@link BlockingIo} on {@code java.net.ServerSocket} and {@code Socket}: the {@code jdk-blocking}
 * and {@code virtual} models. On a virtual thread the same calls park the virtual thread and let
 * the JDK's poller wait instead; the counters see the calls made here, not the JDK's inside them.
 */
final class JdkBlockingIo {
    private JdkBlockingIo() {}

    static BlockingIo.Listener listen(String host, int port, int backlog) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(host, port), backlog);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        InetSocketAddress address = (InetSocketAddress) server.getLocalSocketAddress();
        return new BlockingIo.Listener() {
            @Override
            public BlockingIo.Connection accept(SyscallCounters counters) throws IOException {
                long t0 = SyscallCounters.sampledStart();
                Socket socket;
                try {
                    socket = server.accept();
                } finally {
                    counters.countSampled(Kind.OTHER, t0);
                }
                return new Conn(socket);
            }

            @Override
            public InetSocketAddress address() {
                return address;
            }

            @Override
            public void close() {
                try {
                    server.close(); // java.net wakes a thread blocked in accept
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
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final AdaptiveReadSize readSize = new AdaptiveReadSize();
        private byte[] array = new byte[readSize.size()];
        private ByteBuffer buffer = ByteBuffer.wrap(array);
        private final InetSocketAddress local;
        private final InetSocketAddress remote;
        private int timeoutMillis;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
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
        public int read(SyscallCounters counters) throws IOException {
            if (array.length != readSize.size()) { // the handler is done with the old one: it returned
                array = new byte[readSize.size()];
                buffer = ByteBuffer.wrap(array);
            }
            long t0 = SyscallCounters.sampledStart();
            int n;
            try {
                n = in.read(array);
            } catch (SocketTimeoutException e) {
                throw new IdleTimeoutException(Duration.ofMillis(timeoutMillis));
            } finally {
                counters.countSampled(Kind.READ, t0);
            }
            if (n < 0) {
                return 0;
            }
            readSize.record(n);
            counters.received(n);
            return n;
        }

        @Override
        public void writeFully(ByteBuffer src, SyscallCounters counters) throws IOException {
            int n = src.remaining();
            long t0 = SyscallCounters.sampledStart();
            try {
                if (src.hasArray()) {
                    out.write(src.array(), src.arrayOffset() + src.position(), n);
                } else {
                    byte[] copy = new byte[n];
                    src.duplicate().get(copy);
                    out.write(copy);
                }
            } finally {
                counters.countSampled(Kind.WRITE, t0);
            }
            src.position(src.limit());
            counters.sent(n);
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

        /** java.net supports closing a socket another thread is blocked on: that thread gets a SocketException. */
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
