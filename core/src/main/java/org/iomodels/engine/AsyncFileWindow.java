package org.iomodels.engine;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.iomodels.server.SyscallCounters;
import org.iomodels.server.SyscallCounters.Kind;

/**
 * The window of a file that a {@code jdk-nio2} connection's write in flight is reading: a
 * read-only mapping ({@code mmap(2)}) of at most {@link #SIZE} bytes, written with the channel's
 * asynchronous write, so the kernel copies from the page cache behind it and no read(2) copies
 * the file into a user-space buffer. One per connection; the writer that maps it (whichever group
 * thread runs the write chain) unmaps it once that write has completed or failed.
 */
final class AsyncFileWindow {
    static final long SIZE = 4 << 20;

    private Arena arena;

    /**
     * Maps the region's next window (under {@code lock}, which guards the region) into a shared
     * arena, since the write completes on any group thread, and returns a buffer over it.
     *
     * <p>The buffer is a view at the mapping's address, outside the arena's scope, on purpose: an
     * asynchronous write holds the scope of the buffer it writes until it completes, and when it
     * fails instead (the connection closed or reset while the write was pending),
     * UnixAsynchronousSocketChannelImpl.finishWrite never lets go (JDK 25: the release is on its
     * success path only; a test program showed {@code Arena.close} failing with "Session is
     * acquired by 1 clients" after such a write). A mapping whose segment backed the buffer would
     * then stay until the process ends. With the view the arena is closed by {@link #release}
     * once the write has completed or failed, when neither the JDK nor the kernel reads it.
     */
    ByteBuffer map(FileRegion.Channel region, Object lock, SyscallCounters counters) throws IOException {
        Arena mapping = Arena.ofShared();
        long t0 = System.nanoTime();
        try {
            MemorySegment mapped;
            synchronized (lock) {
                mapped = region.mapWindow(SIZE, mapping);
            }
            arena = mapping;
            return MemorySegment.ofAddress(mapped.address()).reinterpret(mapped.byteSize()).asByteBuffer();
        } catch (IOException | RuntimeException e) {
            mapping.close();
            throw e;
        } finally {
            counters.count(Kind.OTHER, t0); // fstat and mmap
        }
    }

    /** Unmaps the window, if one is mapped. Only once the write reading it has ended. */
    void release(SyscallCounters counters) {
        if (arena != null) {
            long t0 = System.nanoTime();
            arena.close();
            arena = null;
            counters.count(Kind.OTHER, t0); // munmap
        }
    }
}
