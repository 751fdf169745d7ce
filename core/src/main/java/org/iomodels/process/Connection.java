package org.iomodels.process;

import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectStreamException;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One end of a {@link Pipe}: Python's {@code multiprocessing.connection.Connection}. Messages are
 * frames (a 4-byte length, a kind byte, the payload) on kernel pipes, one each way
 * ({@code pipe2(2)}): {@link #send} an object (through the {@link Codec}; a {@code byte[]} goes as
 * it is), {@link #recv} one; {@link #sendBytes}/{@link #recvBytes} for bytes; {@link #poll} with a
 * timeout. The other end's close (or its process's death) is end of file: {@link #recv} throws
 * {@link EOFException}, never waits for ever. A frame over {@link #maxFrame} is refused on either
 * side with the sizes. One sender and one receiver at a time (each side has a lock).
 *
 * <p>The pipes are read and written through {@code java.io} streams opened on
 * {@code /proc/self/fd/N}, so a child JVM reaches its first message without loading the FFM
 * machinery (140 ms of a child's start here); its descriptors are closed through {@code sys}
 * when the connection closes.
 */
public final class Connection implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The largest frame by default: 64 MiB. */
    public static final int DEFAULT_MAX_FRAME = 64 << 20;
    static final byte OBJECT = 1;
    static final byte BYTES = 2;
    /** The most bytes a pipe write delivers whole, never mixed with another process's write. */
    private static final int PIPE_BUF = 4096;

    private final transient int readFd;
    private final transient int writeFd;
    private final transient InputStream in;
    private final transient OutputStream out;
    private final transient ReentrantLock sendLock = new ReentrantLock();
    private final transient ReentrantLock recvLock = new ReentrantLock();
    private final transient byte[] header = new byte[5];
    private transient volatile boolean closed;
    private transient volatile Codec codec = JavaCodec.DEFAULT;
    private transient volatile int maxFrame = DEFAULT_MAX_FRAME;

    /** An end reading {@code readFd} and writing {@code writeFd} (-1: none: a one-way end). */
    Connection(int readFd, int writeFd) throws IOException {
        this.readFd = readFd;
        this.writeFd = writeFd;
        this.in = readFd < 0 ? null : new java.io.BufferedInputStream(new FileInputStream("/proc/self/fd/" + readFd), 64 << 10);
        OutputStream o;
        try {
            o = writeFd < 0 ? null : new FileOutputStream("/proc/self/fd/" + writeFd);
        } catch (IOException e) {
            if (in != null) {
                in.close();
            }
            throw e;
        }
        this.out = o;
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
            byte kind = readHeader();
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
            readHeader();
            return readPayload();
        } finally {
            recvLock.unlock();
        }
    }

    /** Whether a message (or end of file) is there to read, waiting at most {@code timeoutSeconds} (0: do not wait; negative: no limit). */
    public boolean poll(double timeoutSeconds) throws IOException {
        requireOpen(in, "poll");
        if (in.available() > 0) {
            return true;
        }
        return Descriptors.readable(readFd, timeoutSeconds);
    }

    /** Whether a message is there, without waiting. */
    public boolean poll() throws IOException {
        return poll(0);
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
        closed = true;
        for (java.io.Closeable c : new java.io.Closeable[] {in, out}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (IOException e) {
                // released whatever close says
            }
        }
        Descriptors.close(readFd);
        Descriptors.close(writeFd);
    }

    @Serial
    private Object writeReplace() throws ObjectStreamException {
        if (closed) {
            throw new java.io.NotSerializableException("a closed Connection cannot be given to a child (its descriptors may be another file's now)");
        }
        return Inherited.replace(readFd, writeFd);
    }

    private void frame(byte kind, byte[] payload) throws IOException {
        if (payload.length > maxFrame) {
            throw new IllegalArgumentException("a message of " + payload.length + " bytes is over this connection's frame limit of "
                    + maxFrame + " bytes (Connection.withMaxFrame)");
        }
        sendLock.lock();
        try {
            requireOpen(out, "send");
            byte[] h = {(byte) (payload.length >>> 24), (byte) (payload.length >>> 16), (byte) (payload.length >>> 8),
                    (byte) payload.length, kind};
            try {
                if (payload.length <= PIPE_BUF - 5) {
                    byte[] all = new byte[5 + payload.length]; // one write of at most PIPE_BUF: atomic, even with writers in other processes
                    System.arraycopy(h, 0, all, 0, 5);
                    System.arraycopy(payload, 0, all, 5, payload.length);
                    out.write(all);
                } else {
                    out.write(h);
                    out.write(payload);
                }
            } catch (IOException e) {
                // A write to a pipe fails when its reader has gone (EPIPE, in the locale's words): end of file for the sender.
                EOFException eof = new EOFException("the other end of the connection is closed (" + e.getMessage() + ")");
                eof.initCause(e);
                throw eof;
            }
        } finally {
            sendLock.unlock();
        }
    }

    private byte readHeader() throws IOException {
        requireOpen(in, "recv");
        int n = in.readNBytes(header, 0, 5);
        if (n == 0) {
            throw new EOFException("the other end of the connection is closed");
        }
        if (n < 5) {
            throw new EOFException("the other end of the connection closed in the middle of a message");
        }
        int length = ((header[0] & 0xFF) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        byte kind = header[4];
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
        byte[] payload = in.readNBytes(pendingLength);
        if (payload.length < pendingLength) {
            throw new EOFException("the other end of the connection closed in the middle of a message");
        }
        return payload;
    }

    private void requireOpen(Object direction, String what) throws IOException {
        if (closed) {
            throw new IOException("this connection is closed");
        }
        if (direction == null) {
            throw new IOException("this end of a one-way Pipe cannot " + what);
        }
    }
}
