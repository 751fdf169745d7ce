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
                s.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            }
            return new FrameChannel(s, name);
        } catch (IOException e) {
            s.close();
            throw e;
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
        if (in.capacity() < need) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(need, in.capacity() * 2));
            bigger.put(in).flip();
            in = bigger;
        }
        in.compact();
        try {
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

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closed whatever close says
        }
    }
}
