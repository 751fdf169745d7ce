package org.iomodels.engine.uring;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.iomodels.engine.base.FileRegion;
import org.iomodels.sys.Syscall;
import org.iomodels.sys.SyscallProbe;

/**
 * The one send an {@link IoUringConn} has in flight and the memory the kernel reads it from until
 * it completes: a pooled native buffer ({@link IoUringSendBuffers}) holding a copy of written
 * bytes, or a read-only mapping of a file window. A short send resumes from where it stopped.
 * Loop thread.
 */
final class IoUringSend {
    private final IoUringSendBuffers pool;
    private final SyscallProbe probe;
    private MemorySegment memory;
    /** The mapping {@link #memory} lies in while the send is a file window; null for a pooled buffer. */
    private Arena window;
    private int offset;
    private int length;

    IoUringSend(IoUringSendBuffers pool, SyscallProbe probe) {
        this.pool = pool;
        this.probe = probe;
    }

    boolean inFlight() {
        return memory != null;
    }

    /** Copies up to {@link IoUringSendBuffers#CHUNK} bytes of {@code src} into a pooled buffer; returns how many. */
    int startCopy(ByteBuffer src) {
        int n = Math.min(src.remaining(), IoUringSendBuffers.CHUNK);
        memory = pool.take(n);
        MemorySegment.copy(MemorySegment.ofBuffer(src), 0, memory, 0, n);
        src.position(src.position() + n);
        offset = 0;
        length = n;
        return n;
    }

    /** Maps the file's next window (at most {@code max} bytes) to send from; returns its length. */
    int startWindow(FileRegion.Channel file, long max) throws IOException {
        Arena mapping = Arena.ofConfined(); // the loop thread maps, and unmaps when the send completes
        long t = probe.start(Syscall.MMAP);
        try {
            memory = file.mapWindow(max, mapping);
        } catch (IOException | RuntimeException e) {
            probe.end(Syscall.MMAP, -1, SyscallProbe.FAILED, t);
            mapping.close();
            throw e;
        }
        probe.end(Syscall.MMAP, -1, memory.byteSize(), t);
        window = mapping;
        offset = 0;
        length = (int) memory.byteSize();
        file.advance(length);
        return length;
    }

    /** Where the unsent rest starts. */
    long address() {
        return memory.address() + offset;
    }

    int remaining() {
        return length - offset;
    }

    /** {@code n} more bytes went; true if some are left (a short send, resubmitted). */
    boolean sent(int n) {
        offset += n;
        return offset < length;
    }

    /** Gives back what the send was reading from: the pooled buffer, or the file window (munmap). */
    void release() {
        if (window != null) {
            long t = probe.start(Syscall.MUNMAP);
            window.close();
            probe.end(Syscall.MUNMAP, -1, 0, t);
            window = null;
        } else if (memory != null) {
            pool.release(memory);
        }
        memory = null;
    }
}
