package org.iomodels.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.Poll;
import org.iomodels.sys.SyscallProbe;

/**
 * The few raw-descriptor calls a {@link Connection} needs besides its streams, kept apart so that
 * a child JVM loads {@code sys} (and with it the FFM machinery) only when it first needs one:
 * closing a descriptor it inherited, and waiting for one to be readable with a timeout.
 */
final class Descriptors {
    private Descriptors() {}

    static void close(int fd) {
        if (fd >= 0) {
            try {
                Libc.close(fd);
            } catch (ErrnoException e) {
                // released whatever close says
            }
        }
    }

    /** Whether {@code fd} is readable (data or end of file) within {@code timeoutSeconds} (negative: no limit). */
    static boolean readable(int fd, double timeoutSeconds) throws IOException {
        int ms = timeoutSeconds < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, Math.ceil(timeoutSeconds * 1000));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(Poll.POLLFD);
            Poll.set(p, 0, fd, Poll.POLLIN);
            return Poll.poll(p, 1, ms, SyscallProbe.NONE) > 0;
        }
    }
}
