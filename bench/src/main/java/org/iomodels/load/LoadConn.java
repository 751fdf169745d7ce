package org.iomodels.load;

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
}
