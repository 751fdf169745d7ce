package org.iomodels.uring;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.IoUring;

/**
 * A provided-buffer ring ({@code io_uring_register_buf_ring(3)}, IORING_REGISTER_PBUF_RING):
 * {@code count} buffers of {@code size} bytes that the kernel picks from when a receive asks for
 * IOSQE_BUFFER_SELECT with this group, so a multishot receive needs no buffer per connection.
 * A completion names the buffer it used (cqe.flags >> 16); once the data is consumed the buffer
 * is handed back with {@link #recycle} and made visible with {@link #publish}. The arena given to
 * the constructor must outlive the ring: the kernel holds the addresses until the ring is closed.
 */
public final class IoUringBufferRing {
    private static final VarHandle SHORT = JAVA_SHORT.varHandle();
    /** The ring's tail is the {@code resv} field of entry 0 (struct io_uring_buf_ring). */
    private static final long TAIL = 14;

    private final MemorySegment ring;
    private final MemorySegment buffers;
    private final int mask;
    private final int size;
    private final short group;
    private int tail;

    /** Registers {@code count} (a power of two) buffers of {@code size} bytes as group {@code group} of {@code uring}. */
    public IoUringBufferRing(IoUringRing uring, Arena arena, short group, int count, int size) throws ErrnoException {
        if (Integer.bitCount(count) != 1 || count > 32768) {
            throw new IllegalArgumentException("buffer ring entries must be a power of two <= 32768, got " + count);
        }
        this.mask = count - 1;
        this.size = size;
        this.group = group;
        this.ring = arena.allocate(IoUring.BUF_SIZE * count, 4096); // the kernel wants it page-aligned
        this.buffers = arena.allocate((long) size * count, 64);
        MemorySegment reg = arena.allocate(IoUring.BUF_REG_SIZE, 8);
        reg.set(JAVA_LONG, 0, ring.address());
        reg.set(JAVA_INT, 8, count);
        reg.set(JAVA_SHORT, 12, group);
        IoUring.register(uring.fd(), IoUring.REGISTER_PBUF_RING, reg, 1);
        for (int bid = 0; bid < count; bid++) {
            recycle(bid);
        }
        publish();
    }

    public short group() {
        return group;
    }

    /** Buffer {@code bid}'s first {@code length} bytes, as a completion reported them. */
    public MemorySegment buffer(int bid, int length) {
        return buffers.asSlice((long) bid * size, length);
    }

    /** Puts buffer {@code bid} back in the ring (visible to the kernel at the next {@link #publish}). */
    public void recycle(int bid) {
        long entry = (long) (tail & mask) * IoUring.BUF_SIZE;
        ring.set(JAVA_LONG, entry, buffers.address() + (long) bid * size);
        ring.set(JAVA_INT, entry + 8, size);
        ring.set(JAVA_SHORT, entry + 12, (short) bid);
        tail++;
    }

    /** Hands the recycled buffers to the kernel. */
    public void publish() {
        // Release: the entries written by recycle must be visible before the tail that covers them.
        SHORT.setRelease(ring, TAIL, (short) tail);
    }

    /** The buffer id a completion with {@code cqeFlags} used, or -1 if it used none. */
    public static int bufferId(int cqeFlags) {
        return (cqeFlags & IoUring.CQE_F_BUFFER) != 0 ? cqeFlags >>> IoUring.CQE_BUFFER_SHIFT : -1;
    }
}
