package org.iomodels.process;

import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.locks.ReentrantLock;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Errno;
import org.iomodels.sys.Libc;
import org.iomodels.sys.Poll;
import org.iomodels.sys.SyscallProbe;

/**
 * One end of a {@link Pipe}: Python's {@code multiprocessing.connection.Connection}. Messages are
 * frames (a 4-byte length, a kind byte, the payload) on a kernel channel, a {@code socketpair(2)}
 * or a {@code pipe2(2)}: {@link #send} an object (through the {@link Codec}; a {@code byte[]}
 * goes as it is), {@link #recv} one; {@link #sendBytes}/{@link #recvBytes} for bytes; {@link #poll}
 * with a timeout. The other end's close (or its process's death) is end of file: {@link #recv}
 * throws {@link EOFException}, never waits for ever. A frame over {@link #maxFrame} is refused on
 * either side with the sizes. One sender and one receiver at a time (each side has a lock).
 * Blocking calls block the calling thread in the kernel (a virtual thread's carrier too).
 */
public final class Connection implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The largest frame by default: 64 MiB. */
    public static final int DEFAULT_MAX_FRAME = 64 << 20;
    static final byte OBJECT = 1;
    static final byte BYTES = 2;
    private static final int HEADER = 5;
    private static final int CHUNK = 64 << 10;

    private final transient int fd;
    private final transient boolean readable;
    private final transient boolean writable;
    private final transient ReentrantLock sendLock = new ReentrantLock();
    private final transient ReentrantLock recvLock = new ReentrantLock();
    private final transient Arena arena = Arena.ofShared();
    private final transient MemorySegment out = arena.allocate(CHUNK);
    private final transient MemorySegment in = arena.allocate(CHUNK);
    private final transient MemorySegment pollFd = arena.allocate(Poll.POLLFD);
    private transient int inStart;
    private transient int inEnd;
    private transient volatile boolean closed;
    private transient volatile Codec codec = JavaCodec.DEFAULT;
    private transient volatile int maxFrame = DEFAULT_MAX_FRAME;

    Connection(int fd, boolean readable, boolean writable) {
        this.fd = fd;
        this.readable = readable;
        this.writable = writable;
    }

    public Connection withCodec(Codec c) {
        this.codec = java.util.Objects.requireNonNull(c, "codec");
        return this;
    }

    /** Sets the largest frame this end sends or accepts. */
    public Connection withMaxFrame(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxFrame must be positive, not " + bytes);
        }
        this.maxFrame = bytes;
        return this;
    }

    public int maxFrame() {
        return maxFrame;
    }

    /** Sends {@code value}: a {@code byte[]} as it is, anything else through the codec. */
    public void send(Object value) throws IOException {
        if (value instanceof byte[] b) {
            frame(BYTES, b);
        } else {
            frame(OBJECT, codec.encode(value));
        }
    }

    /** Sends {@code bytes} as one message, with no serialization. */
    public void sendBytes(byte[] bytes) throws IOException {
        frame(BYTES, bytes);
    }

    /** The next message: the object sent, or the {@code byte[]} of a {@link #sendBytes}. Throws EOFException once the other end has closed. */
    public Object recv() throws IOException {
        recvLock.lock();
        try {
            byte kind = readHeaderKind();
            byte[] payload = readPayload();
            return kind == BYTES ? payload : codec.decode(payload);
        } finally {
            recvLock.unlock();
        }
    }

    /** The next message's bytes as they came (a {@link #send}'s are its codec's encoding). */
    public byte[] recvBytes() throws IOException {
        recvLock.lock();
        try {
            readHeaderKind();
            return readPayload();
        } finally {
            recvLock.unlock();
        }
    }

    /** Whether a message (or end of file) is there to read, waiting at most {@code timeoutSeconds} (0: do not wait; negative: no limit). */
    public boolean poll(double timeoutSeconds) throws IOException {
        requireOpen(readable, "poll");
        recvLock.lock();
        try {
            if (inEnd > inStart) {
                return true;
            }
            int ms = timeoutSeconds < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, Math.ceil(timeoutSeconds * 1000));
            Poll.set(pollFd, 0, fd, Poll.POLLIN);
            return Poll.poll(pollFd, 1, ms, SyscallProbe.NONE) > 0;
        } finally {
            recvLock.unlock();
        }
    }

    /** Whether a message is there, without waiting. */
    public boolean poll() throws IOException {
        return poll(0);
    }

    public int fileno() {
        return fd;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes this end; the other end's next read is end of file. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        sendLock.lock();
        recvLock.lock();
        try {
            if (!closed) {
                closed = true;
                try {
                    Libc.close(fd);
                } catch (ErrnoException e) {
                    // the descriptor is released whatever close says
                }
                arena.close();
            }
        } finally {
            recvLock.unlock();
            sendLock.unlock();
        }
    }

    @Serial
    private Object writeReplace() throws ObjectStreamException {
        return Inherited.replace(fd, readable, writable);
    }

    private void frame(byte kind, byte[] payload) throws IOException {
        if (payload.length > maxFrame) {
            throw new IllegalArgumentException("a message of " + payload.length + " bytes is over this connection's frame limit of "
                    + maxFrame + " bytes (Connection.withMaxFrame)");
        }
        sendLock.lock();
        try {
            requireOpen(writable, "send");
            out.set(ValueLayout.JAVA_INT_UNALIGNED, 0, payload.length);
            out.set(ValueLayout.JAVA_BYTE, 4, kind);
            int inFirst = Math.min(payload.length, CHUNK - HEADER);
            MemorySegment.copy(payload, 0, out, ValueLayout.JAVA_BYTE, HEADER, inFirst);
            writeAll(HEADER + inFirst);
            for (int at = inFirst; at < payload.length; at += CHUNK) {
                int n = Math.min(CHUNK, payload.length - at);
                MemorySegment.copy(payload, at, out, ValueLayout.JAVA_BYTE, 0, n);
                writeAll(n);
            }
        } finally {
            sendLock.unlock();
        }
    }

    private void writeAll(int n) throws IOException {
        for (int done = 0; done < n; ) {
            try {
                done += Libc.write(fd, out.asSlice(done, n - done), n - done);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.EPIPE || e.errno() == Errno.ECONNRESET) {
                    throw new EOFException("the other end of the connection is closed (" + e.getMessage() + ")");
                }
                throw e;
            }
        }
    }

    private byte readHeaderKind() throws IOException {
        requireOpen(readable, "recv");
        if (!fill(HEADER, true)) {
            throw new EOFException("the other end of the connection is closed");
        }
        int length = in.get(ValueLayout.JAVA_INT_UNALIGNED, inStart);
        byte kind = in.get(ValueLayout.JAVA_BYTE, inStart + 4);
        inStart += HEADER;
        if (length < 0 || length > maxFrame || (kind != OBJECT && kind != BYTES)) {
            close(); // the stream cannot be trusted past a bad header
            throw new IOException(length > maxFrame ? "a message of " + length + " bytes is over this connection's frame limit of "
                    + maxFrame + " bytes: the connection is closed" : "a malformed frame (length " + length + ", kind " + kind + "): the connection is closed");
        }
        pendingLength = length;
        return kind;
    }

    private transient int pendingLength;

    private byte[] readPayload() throws IOException {
        byte[] payload = new byte[pendingLength];
        for (int at = 0; at < payload.length; ) {
            if (inEnd == inStart && !fill(1, false)) {
                throw new EOFException("the other end of the connection closed in the middle of a message");
            }
            int n = Math.min(inEnd - inStart, payload.length - at);
            MemorySegment.copy(in, ValueLayout.JAVA_BYTE, inStart, payload, at, n);
            inStart += n;
            at += n;
        }
        return payload;
    }

    /** Reads until {@code need} bytes are buffered; false at end of file before any byte of them (if {@code atBoundary}). */
    private boolean fill(int need, boolean atBoundary) throws IOException {
        if (inEnd - inStart >= need) {
            return true;
        }
        if (inStart > 0) {
            MemorySegment.copy(in, inStart, in, 0, inEnd - inStart);
            inEnd -= inStart;
            inStart = 0;
        }
        while (inEnd < need) {
            int n;
            try {
                n = Libc.read(fd, in.asSlice(inEnd), CHUNK - inEnd, SyscallProbe.NONE);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ECONNRESET) {
                    throw e;
                }
                n = 0; // the other end's process died with unread data: end of file all the same
            }
            if (n == 0) {
                if (inEnd == 0 && atBoundary) {
                    return false;
                }
                throw new EOFException("the other end of the connection closed in the middle of a message");
            }
            inEnd += n;
        }
        return true;
    }

    private void requireOpen(boolean direction, String what) throws IOException {
        if (closed) {
            throw new IOException("this connection is closed");
        }
        if (!direction) {
            throw new IOException("this end of a one-way Pipe cannot " + what);
        }
    }
}
