package org.iomodels.load;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.iomodels.sys.Errno;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;

/**
 * One client connection's state: its fd, where its byte stream starts in the pattern, how far it
 * has been sent and verified, and (closed loop) when each in-flight message was sent.
 */
final class LoadConn {
    final int fd;
    /** The connection's slot in its worker's table, and its epoll data word. */
    private final int index;
    /** The connection's index among its worker's busy connections (open-loop pacing), or -1 if idle. */
    final int local;
    /** Where this connection's stream starts in the {@link BytePattern}. */
    final int start;
    /** Closed loop: the send time of message {@code m} is at {@code sentAt[m % pipeline]}. */
    final long[] sentAt;

    /** Stream offset of the next byte to write. */
    long sendPos;
    /** Bytes queued and not yet written (the socket's buffer was full). */
    long toSend;
    /** Stream offset of the next byte expected back. */
    long recvPos;
    /** Messages queued so far, and messages fully echoed so far. */
    long queued;
    long done;
    boolean wantWrite;
    boolean open = true;

    LoadConn(int fd, int index, int local, int start, int pipeline) {
        this.fd = fd;
        this.index = index;
        this.local = local;
        this.start = start;
        this.sentAt = local >= 0 ? new long[pipeline] : null;
    }

    int index() {
        return index;
    }

    boolean idle() {
        return local < 0;
    }

    /** Checks the {@code n} bytes just read in {@code got} against what was sent; a difference is an error, and closes this. */
    boolean verify(BytePattern pattern, MemorySegment got, int n, LoadErrors errors) {
        String difference = difference(pattern, got, n);
        if (difference != null) {
            errors.corrupt("connection " + this + ": " + difference);
            close(errors);
        }
        return difference == null;
    }

    /** How the {@code n} bytes just read in {@code got} differ from what was sent, or null if they do not. */
    String difference(BytePattern pattern, MemorySegment got, int n) {
        if (idle()) {
            return "the server sent " + n + " bytes on a connection that sent nothing";
        }
        if (recvPos + n > sendPos) {
            return (recvPos + n - sendPos) + " bytes more than were sent came back";
        }
        long at = pattern.mismatch(got, n, start, recvPos);
        if (at < 0) {
            return null;
        }
        return String.format("byte %d of the stream differs: sent 0x%02x, got back 0x%02x", recvPos + at,
                pattern.expected(start, recvPos + at) & 0xff, got.get(ValueLayout.JAVA_BYTE, at) & 0xff);
    }

    /** Closes the socket, once; a failure other than EBADF goes to {@code errors}. */
    void close(LoadErrors errors) {
        if (open) {
            open = false;
            try {
                Libc.close(fd);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EBADF) {
                    errors.lost("close: " + e.getMessage());
                }
            }
        }
    }

    /** How errors name it: {@code #3 (fd 12)}, {@code idle #40 (fd 49)}. */
    @Override
    public String toString() {
        return (idle() ? "idle #" : "#") + index + " (fd " + fd + ")";
    }
}
