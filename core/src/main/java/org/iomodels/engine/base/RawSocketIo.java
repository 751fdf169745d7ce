package org.iomodels.engine.base;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.Socket;
import org.iomodels.sys.SyscallCounters;
import org.iomodels.sys.SyscallProbe;

/** The sends of the engines on raw non-blocking sockets ({@code epoll} and its family, {@code green}): send(2) and sendfile(2), counted. */
public final class RawSocketIo {
    private RawSocketIo() {}

    /**
     * One send(2) from {@code src}, advancing it: the bytes sent, 0 if the socket is full. A heap
     * buffer's bytes go through {@code scratch} (native memory; at most its size per call).
     */
    public static int send(int fd, ByteBuffer src, MemorySegment scratch, SyscallCounters counters, SyscallProbe probe)
            throws ErrnoException {
        int len = src.remaining();
        MemorySegment from;
        if (src.isDirect()) {
            from = MemorySegment.ofBuffer(src);
        } else {
            len = Math.min(len, (int) scratch.byteSize());
            MemorySegment.copy(MemorySegment.ofBuffer(src), 0, scratch, 0, len);
            from = scratch;
        }
        int n = Socket.send(fd, from, len, Socket.MSG_NOSIGNAL, probe);
        if (n == Libc.WOULD_BLOCK) {
            return 0;
        }
        counters.sent(n);
        src.position(src.position() + n);
        return n;
    }

    /**
     * One sendfile(2): the kernel copies from the page cache to the socket what its buffer takes,
     * the rest waits for writability like a queued buffer. 0 means the offset reached the end of
     * the file: it is shorter than the region. {@code offset} holds the off_t the call advances.
     */
    public static long sendFile(int fd, FileRegion.Fd region, MemorySegment offset, SyscallCounters counters, SyscallProbe probe)
            throws java.io.IOException {
        long n = region.sendTo(fd, offset, probe);
        if (n > 0) {
            counters.sent(n);
        }
        return n;
    }
}
