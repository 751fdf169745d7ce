package org.iomodels.engine.nio2;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.iomodels.engine.base.FileRegion;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Mman;
import org.iomodels.sys.SyscallProbe;

/**
 * The window of a file that a {@code jdk-nio2} connection's write in flight is reading: a
 * read-only {@code mmap(2)} of at most {@link #SIZE} bytes, written with the channel's
 * asynchronous write, so the kernel copies from the page cache behind it and no read(2) copies
 * the file into a user-space buffer. One per connection; the writer that maps it (whichever group
 * thread runs the write chain) unmaps it with {@code munmap(2)} once that write has completed or
 * failed.
 *
 * <p>Why mmap(2) through {@code sys} and not {@code FileChannel.map} into an {@code Arena}: the
 * write completes on any group thread, so the arena would have to be a shared one, and closing a
 * shared arena is a handshake with every thread of the JVM. Once per response that cost this
 * engine more than half its file throughput and gave it a p99 near a second (wrk, 256
 * connections, a 100 KB file, warm: 5.8-6.2k req/s, p99 0.83-0.86 s, wrk timeouts; with
 * munmap 13.4-14.6k req/s, p99 39-46 ms, no errors). The buffer handed
 * to the JDK is a plain view of the mapping, so the JDK holds no scope that could keep it mapped
 * when a write fails (it releases a buffer's scope only on success, JDK 25).
 */
final class AsyncFileWindow {
    static final long SIZE = 4 << 20;

    private FileRegion.MappedWindow mapped;

    /** Maps the region's next window (under {@code lock}, which guards the region) and returns a buffer over it. */
    ByteBuffer map(FileRegion.Fd region, Object lock, SyscallProbe probe) throws IOException {
        synchronized (lock) {
            mapped = region.mapWindow(SIZE, probe);
        }
        return mapped.window().asByteBuffer();
    }

    /** Unmaps the window, if one is mapped. Only once the write reading it has ended. */
    void release(SyscallProbe probe) {
        if (mapped != null) {
            try {
                Mman.munmap(mapped.mapping(), probe);
            } catch (ErrnoException e) {
                throw new IllegalStateException("unmapping a file window we mapped: " + e.getMessage(), e);
            } finally {
                mapped = null;
            }
        }
    }
}
