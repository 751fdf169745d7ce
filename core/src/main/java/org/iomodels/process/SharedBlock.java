package org.iomodels.process;

import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import org.iomodels.sys.Shm;

/**
 * A block of memory shared by processes: a {@code memfd} mapped shared. It crosses to a child as
 * its descriptor ({@link Inherited}), which the child maps again, so both see the same bytes. The
 * mapping lives as long as the process (a queue's or a lock's block is small; the kernel frees it
 * with the last process that maps it).
 */
final class SharedBlock implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient int fd;
    final transient MemorySegment memory;
    private final long size;

    private SharedBlock(int fd, MemorySegment memory, long size) {
        this.fd = fd;
        this.memory = memory;
        this.size = size;
    }

    /** A new zeroed block of {@code size} bytes. */
    static SharedBlock create(String name, long size) throws IOException {
        int fd = Shm.create(name, size);
        return new SharedBlock(fd, Shm.map(fd, size), size);
    }

    /** The block a child inherited as {@code fd}. */
    static SharedBlock inherited(int fd, long size) throws IOException {
        return new SharedBlock(fd, Shm.map(fd, size), size);
    }

    @Serial
    private Object writeReplace() throws ObjectStreamException {
        return Inherited.replaceBlock(fd, size);
    }
}
