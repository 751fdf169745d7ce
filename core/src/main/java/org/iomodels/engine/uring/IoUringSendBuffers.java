package org.iomodels.engine.uring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * The native buffers one {@link IoUringLoop}'s sends are made from: the kernel reads a send's
 * bytes until it completes, so each send in flight owns one, taken from a pool of small (4 KiB)
 * or large ({@link #CHUNK}) buffers and given back when it completes. Loop thread.
 */
final class IoUringSendBuffers {
    /** The most one send carries; what is left waits in the connection's queue. */
    static final int CHUNK = 64 * 1024;
    private static final int SMALL = 4 * 1024;

    private final Arena arena;
    private final ArrayDeque<MemorySegment> small = new ArrayDeque<>();
    private final ArrayDeque<MemorySegment> large = new ArrayDeque<>();

    IoUringSendBuffers(Arena arena) {
        this.arena = arena;
    }

    /** A buffer for one send of {@code length} bytes (at most {@link #CHUNK}). */
    MemorySegment take(int length) {
        MemorySegment b = (length <= SMALL ? small : large).poll();
        return b != null ? b : arena.allocate(length <= SMALL ? SMALL : CHUNK, 64);
    }

    void release(MemorySegment b) {
        (b.byteSize() == SMALL ? small : large).push(b);
    }
}
