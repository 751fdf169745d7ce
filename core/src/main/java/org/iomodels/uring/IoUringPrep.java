package org.iomodels.uring;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import org.iomodels.sys.IoUring;

/**
 * liburing's {@code io_uring_prep_*} helpers, one per operation the project submits, named after
 * liburing's (in Java case): each fills an entry that {@link IoUringRing#getSqe} handed out,
 * opcode and fd included; the caller sets its user data ({@link IoUringRing#setUserData},
 * {@link IoUringUserData}). The entry is zeroed, so a helper writes only the fields its
 * operation uses, at the offsets of {@code struct io_uring_sqe} ({@link IoUring}'s
 * {@code SQE_*}).
 */
public final class IoUringPrep {
    private IoUringPrep() {}

    /**
     * {@code io_uring_prep_recv_multishot} with {@code IOSQE_BUFFER_SELECT}: receives on
     * {@code fd} into buffers of {@code bufferGroup} (an {@link IoUringBufferRing}), one completion
     * per receive, until it ends (no {@code IORING_CQE_F_MORE}: an error, end of stream, ENOBUFS or
     * a cancel).
     */
    public static void prepRecvMultishot(IoUringRing ring, long sqe, int fd, short bufferGroup) {
        MemorySegment s = op(ring, sqe, IoUring.OP_RECV, fd);
        s.set(JAVA_SHORT, sqe + IoUring.SQE_IOPRIO, IoUring.RECV_MULTISHOT);
        s.set(JAVA_BYTE, sqe + IoUring.SQE_FLAGS, IoUring.SQE_BUFFER_SELECT);
        s.set(JAVA_SHORT, sqe + IoUring.SQE_BUF_GROUP, bufferGroup);
    }

    /** {@code io_uring_prep_send}: sends {@code length} bytes at native {@code address}; the memory must stay until it completes. */
    public static void prepSend(IoUringRing ring, long sqe, int fd, long address, int length, int msgFlags) {
        MemorySegment s = op(ring, sqe, IoUring.OP_SEND, fd);
        addr(s, sqe, address, length);
        s.set(JAVA_INT, sqe + IoUring.SQE_OP_FLAGS, msgFlags);
    }

    /** {@code io_uring_prep_multishot_accept}: one completion per accepted connection (its fd, with {@code flags} such as O_CLOEXEC). */
    public static void prepMultishotAccept(IoUringRing ring, long sqe, int fd, int flags) {
        MemorySegment s = op(ring, sqe, IoUring.OP_ACCEPT, fd);
        s.set(JAVA_SHORT, sqe + IoUring.SQE_IOPRIO, IoUring.ACCEPT_MULTISHOT);
        s.set(JAVA_INT, sqe + IoUring.SQE_OP_FLAGS, flags);
    }

    /** {@code io_uring_prep_cancel64}: cancels the operation submitted with {@code userData}; it then completes for itself. */
    public static void prepCancel64(IoUringRing ring, long sqe, long userData) {
        MemorySegment s = op(ring, sqe, IoUring.OP_ASYNC_CANCEL, -1);
        s.set(JAVA_LONG, sqe + IoUring.SQE_ADDR, userData);
    }

    /** {@code io_uring_prep_read} at offset 0 (an eventfd, a pipe): {@code length} bytes into native {@code address}. */
    public static void prepRead(IoUringRing ring, long sqe, int fd, long address, int length) {
        addr(op(ring, sqe, IoUring.OP_READ, fd), sqe, address, length);
    }

    /** {@code io_uring_prep_poll_add}: completes once {@code fd} has one of {@code pollMask}'s events (POLLIN, ...). */
    public static void prepPollAdd(IoUringRing ring, long sqe, int fd, int pollMask) {
        MemorySegment s = op(ring, sqe, IoUring.OP_POLL_ADD, fd);
        s.set(JAVA_INT, sqe + IoUring.SQE_OP_FLAGS, pollMask); // poll32_events
    }

    private static MemorySegment op(IoUringRing ring, long sqe, byte opcode, int fd) {
        MemorySegment s = ring.sqes();
        s.set(JAVA_BYTE, sqe + IoUring.SQE_OPCODE, opcode);
        s.set(JAVA_INT, sqe + IoUring.SQE_FD, fd);
        return s;
    }

    private static void addr(MemorySegment s, long sqe, long address, int length) {
        s.set(JAVA_LONG, sqe + IoUring.SQE_ADDR, address);
        s.set(JAVA_INT, sqe + IoUring.SQE_LEN, length);
    }
}
