package org.iomodels.engine.uring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import org.iomodels.sys.ErrnoException;
import org.iomodels.uring.IoUringBufferRing;
import org.iomodels.uring.IoUringRing;

/**
 * The receive buffers one {@link IoUringLoop}'s connections share: a ring of provided buffers
 * ({@link IoUringBufferRing}) and the connections whose multishot receive ended because every
 * buffer was in use (ENOBUFS). Those are re-armed only after the turn has handed the recycled
 * buffers back to the kernel, a bounded number per turn: re-armed at once, they found the ring
 * still empty, completed with ENOBUFS again and kept the loop from ever finishing its turn, which
 * is how thousands of busy connections once stalled the engine for good (issue 11). Loop thread.
 */
final class IoUringReceiveBuffers {
    private final IoUringBufferRing ring;
    private final ArrayDeque<IoUringConn> starved = new ArrayDeque<>();
    /** Each re-armed receive may take several buffers: re-arming more than the ring holds only buys more ENOBUFS. */
    private final int rearmsPerTurn;
    private long shortages;

    IoUringReceiveBuffers(IoUringRing uring, Arena arena, int count, int size) throws ErrnoException {
        this.ring = new IoUringBufferRing(uring, arena, (short) 0, count, size);
        this.rearmsPerTurn = Math.max(1, count / 2);
    }

    short group() {
        return ring.group();
    }

    MemorySegment buffer(int bid, int length) {
        return ring.buffer(bid, length);
    }

    /** Buffer {@code bid} is consumed: it goes back to the kernel at the end of this turn. */
    void recycle(int bid) {
        ring.recycle(bid);
    }

    /** {@code conn}'s receive ended with ENOBUFS: it is re-armed at the end of a turn. */
    void starved(IoUringConn conn) {
        shortages++;
        starved.add(conn);
    }

    /** Times a receive found no buffer. Loop thread, or after the loop ended. */
    long shortages() {
        return shortages;
    }

    /** The turn's completions are handled: publishes the recycled buffers, then re-arms starved receives. */
    void endOfTurn() {
        ring.publish();
        for (int i = 0; i < rearmsPerTurn && !starved.isEmpty(); i++) {
            starved.poll().rearmAfterShortage();
        }
    }
}
