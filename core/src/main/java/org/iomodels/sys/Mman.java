package org.iomodels.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Memory mappings, {@code <sys/mman.h>}: {@code mmap(2)} of io_uring's rings (shared with the
 * kernel) and of file windows to send from, and {@code munmap(2)}.
 */
public final class Mman {
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int MAP_POPULATE = 0x8000;

    private static final MethodHandle MMAP = Native.errnoCall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = Native.errnoCall("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));

    private Mman() {}

    /**
     * {@code mmap(2)} of {@code length} bytes of {@code fd} at {@code offset}, shared, read-write
     * and pre-faulted: the segment the kernel and this process both see (io_uring's rings).
     */
    public static MemorySegment mmapShared(int fd, long length, long offset) throws ErrnoException {
        return mmap(fd, length, offset, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, SyscallProbe.NONE);
    }

    /**
     * {@code mmap(2)} of {@code length} bytes of {@code fd}, shared, read-write, not pre-faulted:
     * memory shared by processes, whose untouched pages cost nothing.
     */
    public static MemorySegment mmapSharedLazily(int fd, long length) throws ErrnoException {
        return mmap(fd, length, 0, PROT_READ | PROT_WRITE, MAP_SHARED, SyscallProbe.NONE);
    }

    /**
     * {@code mmap(2)} of {@code length} bytes of a file at {@code offset}, read-only: its page
     * cache pages, for the kernel to send from. {@code offset} must be a multiple of the page size.
     */
    public static MemorySegment mmapReadOnly(int fd, long length, long offset, SyscallProbe probe) throws ErrnoException {
        return mmap(fd, length, offset, PROT_READ, MAP_SHARED, probe);
    }

    private static MemorySegment mmap(int fd, long length, long offset, int prot, int flags, SyscallProbe probe)
            throws ErrnoException {
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.MMAP);
        MemorySegment at;
        try {
            at = (MemorySegment) MMAP.invokeExact(st, MemorySegment.NULL, length, prot, flags, fd, offset);
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        boolean failed = at.address() == -1L; // MAP_FAILED
        probe.end(Syscall.MMAP, fd, failed ? -Native.errno(st) : length, t);
        if (failed) {
            throw new ErrnoException("mmap(fd=" + fd + ", length=" + length + ", offset=0x" + Long.toHexString(offset) + ")",
                    Native.errno(st));
        }
        return at.reinterpret(length);
    }

    /** {@code munmap(2)} of a segment from {@link #mmapShared} or {@link #mmapReadOnly}. */
    public static void munmap(MemorySegment mapping) throws ErrnoException {
        munmap(mapping, SyscallProbe.NONE);
    }

    /** {@link #munmap(MemorySegment)}, reported to {@code probe}. */
    public static void munmap(MemorySegment mapping, SyscallProbe probe) throws ErrnoException {
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.MUNMAP);
        int r;
        try {
            r = (int) MUNMAP.invokeExact(st, mapping, mapping.byteSize());
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, Syscall.MUNMAP, -1, r, st, t);
        Native.checkArg(r, st, "munmap", "length", mapping.byteSize());
    }
}
