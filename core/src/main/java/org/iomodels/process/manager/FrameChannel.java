package org.iomodels.process.manager;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Frames on a stream socket (a Unix domain or a TCP one), one caller at a time: a 4-byte length
 * and its payload. {@link #send} writes what a {@link Wire.Writer} built in one write;
 * {@link #receive} returns the next frame as a buffer, valid until the next receive. A frame over
 * the limit closes the channel: a stream cannot be trusted past a bad length.
 */
final class FrameChannel implements AutoCloseable {
    /** The largest frame after the handshake: 64 MiB, as a process Connection's. */
    static final int MAX_FRAME = 64 << 20;
    /** The largest frame before it: the handshake's are a few dozen bytes. */
    static final int HANDSHAKE_FRAME = 256;

    final SocketChannel socket;
    final String peer;
    private ByteBuffer in = ByteBuffer.allocate(16 << 10).flip();
    private volatile int limit = HANDSHAKE_FRAME;

    FrameChannel(SocketChannel socket, String peer) {
        this.socket = socket;
        this.peer = peer;
    }

    /** A channel connected to {@code address}. */
    static FrameChannel connect(SocketAddress address, String name) throws IOException {
        SocketChannel s = address instanceof UnixDomainSocketAddress ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        try {
            s.connect(address);
            if (!(address instanceof UnixDomainSocketAddress)) {
                tcpOptions(s);
            }
            return new FrameChannel(s, name);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /**
     * A TCP connection's: no Nagle delay on a request, and keep-alive probes after 10 s of silence
     * (every 5 s, 3 unanswered: the peer is gone), so a wait on a peer whose machine vanished ends.
     */
    static void tcpOptions(SocketChannel s) throws IOException {
        s.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        s.setOption(java.net.StandardSocketOptions.SO_KEEPALIVE, true);
        try {
            s.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 10);
            s.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, 5);
            s.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, 3);
        } catch (UnsupportedOperationException e) {
            // the system's keep-alive times, where these cannot be set
        }
    }

    /** After the handshake: frames up to {@link #MAX_FRAME}. */
    void authenticated() {
        limit = MAX_FRAME;
    }

    /** Writes a frame whose payload follows the 4 bytes {@link Wire.Writer} kept for its length. */
    void send(ByteBuffer frame) throws IOException {
        int length = frame.position() - 4;
        frame.putInt(0, length).flip();
        while (frame.hasRemaining()) {
            socket.write(frame);
        }
    }

    /** Writes {@code payload} as one frame. */
    void send(byte[] payload) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).flip();
        while (b.hasRemaining()) {
            socket.write(b);
        }
    }

    /** The next frame's payload; EOFException when the other end has closed. */
    ByteBuffer receive() throws IOException {
        fill(4);
        int length = in.getInt();
        if (length < 0 || length > limit) {
            close();
            throw new IOException("a frame of " + length + " bytes from " + peer + " is over the limit of " + limit + ": the connection is closed");
        }
        fill(length);
        ByteBuffer frame = in.slice(in.position(), length);
        in.position(in.position() + length);
        return frame;
    }

    /** Whether the peer has closed, found without waiting: for a long wait in the server to notice a client gone. */
    boolean peerClosed() throws IOException {
        if (in.hasRemaining()) {
            return false;
        }
        socket.configureBlocking(false);
        try {
            in.compact();
            int n = socket.read(in);
            in.flip();
            return n < 0;
        } catch (IOException e) {
            in.flip();
            return true;
        } finally {
            if (socket.isOpen()) {
                socket.configureBlocking(true);
            }
        }
    }

    private void fill(int need) throws IOException {
        if (in.remaining() >= need) {
            return;
        }
        if (in.capacity() > 1 << 20 && in.remaining() < 16 << 10 && need <= 16 << 10) {
            in = ByteBuffer.allocate(16 << 10).put(in).flip(); // a big frame's buffer is not kept
        }
        if (in.capacity() < need) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(need, in.capacity() * 2));
            bigger.put(in).flip();
            in = bigger;
        }
        in.compact();
        try {
            if (in.position() == 0) {
                spin();
            }
            while (in.position() < need) {
                if (socket.read(in) < 0) {
                    throw new EOFException(in.position() == 0 ? "the connection to " + peer + " is closed"
                            : "the connection to " + peer + " closed in the middle of a message");
                }
            }
        } finally {
            in.flip();
        }
    }

    /**
     * Before sleeping in a blocking read, reads without blocking for up to {@link #SPIN_NANOS}: on
     * this kind of machine a sleeping reader takes 15-20 us to be woken (a virtual CPU's idle exit),
     * which is most of a round trip to the manager, and the answer to a dict's set is back in less.
     * At most one fewer thread per process than there are cores spins at once (none on one core),
     * and a channel whose spins keep missing (its peer is slow to answer) spins only now and then.
     */
    private void spin() throws IOException {
        if (SPIN_NANOS <= 0 || (misses >= 8 && (++skipped & 15) != 0) || !SPINNERS.tryAcquire()) {
            return;
        }
        try {
            socket.configureBlocking(false);
            long end = System.nanoTime() + SPIN_NANOS;
            int n;
            while ((n = socket.read(in)) == 0 && System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
            misses = n == 0 ? misses + 1 : 0;
            if (n < 0) {
                throw new EOFException("the connection to " + peer + " is closed");
            }
        } finally {
            SPINNERS.release();
            if (socket.isOpen()) {
                socket.configureBlocking(true);
            }
        }
    }

    /** How long a read spins before it sleeps: {@code -Diomodels.manager.spinMicros} (0: never), 50 us by default. */
    static final long SPIN_NANOS = Long.getLong("iomodels.manager.spinMicros", 50) * 1000;
    private static final java.util.concurrent.Semaphore SPINNERS = new java.util.concurrent.Semaphore(
            Math.max(0, Runtime.getRuntime().availableProcessors() - 1));
    private int misses;
    private int skipped;

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closed whatever close says
        }
    }
}
