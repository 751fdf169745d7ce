package org.iomodels.engine.base;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.iomodels.server.ShortFileException;
import org.iomodels.sys.Errno;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.Mman;
import org.iomodels.sys.Syscall;
import org.iomodels.sys.SyscallProbe;

/**
 * A slice of a file queued by {@code Conn.sendFile}: the open file, the offset of its next byte
 * and how many bytes are left. It is opened by the caller of sendFile and closed by the engine
 * once sent, or when it is dropped (connection closed, output shut down). Two kinds, by what the
 * engine gives the kernel: a raw descriptor from {@code open(2)} for {@code sendfile(2)}
 * ({@link Fd}), or a {@link FileChannel} for {@code transferTo} or for mapping ({@link Channel}).
 * Write queues hold regions among {@link ByteBuffer}s; {@link #remaining(Object)} and
 * {@link #discard} treat both alike.
 */
public abstract sealed class FileRegion permits FileRegion.Fd, FileRegion.Channel {
    public final Path path;
    public long position;
    public long remaining;
    private final long end;
    private boolean closed; // guarded by this: a queue may be dropped by one thread while another finishes a send

    private FileRegion(Path path, long position, long count) {
        this.path = path;
        this.position = position;
        this.remaining = count;
        this.end = position + count;
    }

    /** Refuses a negative position or count, or a region whose end overflows. */
    public static void checkRange(long position, long count) {
        if (position < 0 || count < 0 || position + count < 0) {
            throw new IllegalArgumentException("sendFile needs 0 <= position, 0 <= count, position + count <= 2^63 - 1; got position="
                    + position + " count=" + count);
        }
    }

    /** Opens {@code file} for sendfile(2): {@code open(2)} with O_RDONLY | O_CLOEXEC. */
    public static Fd openFd(Path file, long position, long count) throws IOException {
        return openFd(file, position, count, SyscallProbe.NONE);
    }

    /** {@link #openFd(Path, long, long)}, its open(2) reported to {@code probe}. */
    public static Fd openFd(Path file, long position, long count, SyscallProbe probe) throws IOException {
        checkRange(position, count);
        int fd = Libc.open(file.toAbsolutePath().toString(), Libc.O_RDONLY | Libc.O_CLOEXEC, probe);
        return new Fd(file, fd, position, count);
    }

    /** Opens {@code file} as a {@link FileChannel}, for transferTo or mapping. */
    public static Channel openChannel(Path file, long position, long count) throws IOException {
        checkRange(position, count);
        return new Channel(file, FileChannel.open(file, StandardOpenOption.READ), position, count);
    }

    /** {@code n} more bytes have been handed to the kernel. */
    public final void advance(long n) {
        position += n;
        remaining -= n;
    }

    /** The cause to close with when the file turns out to hold only {@code size} bytes. */
    public final ShortFileException shortFile(long size) {
        return new ShortFileException(path, size, end);
    }

    /** Closes the file; later calls do nothing. */
    public final void close() {
        close(SyscallProbe.NONE);
    }

    /** {@link #close()}, its close(2) reported to {@code probe}. */
    public final void close(SyscallProbe probe) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        release(probe);
    }

    protected abstract void release(SyscallProbe probe);

    /** Bytes of a queued item (a {@link ByteBuffer} or a {@link FileRegion}) not yet handed to the kernel. */
    public static long remaining(Object item) {
        return item instanceof ByteBuffer b ? b.remaining() : ((FileRegion) item).remaining;
    }

    /** Drops a queued item: a region's file is closed; a buffer is left to the garbage collector. */
    public static void discard(Object item) {
        if (item instanceof FileRegion r) {
            r.close();
        }
    }

    /** The most one sendfile(2) call moves (Linux caps a call at 0x7ffff000 bytes). */
    public static final long MAX_SENDFILE = 0x7ffff000L;

    /** mmap(2) offsets must be page-aligned; 64 KiB is a multiple of every page size Linux uses on x86-64 and arm64. */
    public static final long MAP_ALIGNMENT = 64 << 10;

    /** A mapped part of a file: the whole mapping (to unmap) and the window of it to send. */
    public record MappedWindow(MemorySegment mapping, MemorySegment window) {}

    /** A region on a raw descriptor, sent with {@code sendfile(2)} or mapped with {@code mmap(2)}. */
    public static final class Fd extends FileRegion {
        public final int fd;

        private Fd(Path path, int fd, long position, long count) {
            super(path, position, count);
            this.fd = fd;
        }

        /**
         * One {@code sendfile(2)} of what is left (at most {@link #MAX_SENDFILE}) to {@code socket},
         * from this region's position, through {@code offset} (an off_t the caller owns), reported
         * to {@code probe}. Returns the bytes sent, the region advanced past them, or 0 if the socket
         * would block. sendfile returning 0 means the file ended early: a {@link ShortFileException}.
         */
        public long sendTo(int socket, MemorySegment offset, SyscallProbe probe) throws IOException {
            offset.set(ValueLayout.JAVA_LONG, 0, position);
            long n = Libc.sendfile(socket, fd, offset, Math.min(remaining, MAX_SENDFILE), probe);
            if (n == Libc.WOULD_BLOCK) {
                return 0;
            }
            if (n == 0) {
                throw shortFile(position);
            }
            advance(n);
            return n;
        }

        /**
         * Maps the next {@code min(remaining, max)} bytes read-only with {@code mmap(2)}, after
         * checking that the file still holds them; the region is not advanced. The mapping starts
         * at the window's offset rounded down to {@link #MAP_ALIGNMENT} (mmap takes page-aligned
         * offsets only); the window is the part of it from {@code skip} on.
         */
        public MappedWindow mapWindow(long max, SyscallProbe probe) throws IOException {
            long n = Math.min(remaining, max);
            long size = Libc.fileSize(fd, probe);
            if (size < position + n) {
                throw shortFile(size);
            }
            long start = position - position % MAP_ALIGNMENT;
            MemorySegment mapping = Mman.mmapReadOnly(fd, n + (position - start), start, probe);
            return new MappedWindow(mapping, mapping.asSlice(position - start, n));
        }

        @Override
        protected void release(SyscallProbe probe) {
            try {
                Libc.close(fd, probe);
            } catch (ErrnoException e) {
                // close(2): the descriptor is released whatever it reports
            }
        }
    }

    /** A region on a {@link FileChannel}: sent with {@code transferTo}, or mapped a window at a time. */
    public static final class Channel extends FileRegion {
        public final FileChannel channel;

        private Channel(Path path, FileChannel channel, long position, long count) {
            super(path, position, count);
            this.channel = channel;
        }

        /**
         * One {@code transferTo} of what is left to {@code socket} (sendfile(2) inside the JDK),
         * reported to {@code probe}. Returns the bytes sent, the region advanced past them; 0 when
         * the socket took nothing, or when the file has ended, which transferTo does not tell
         * apart: the caller does.
         */
        public long transferTo(WritableByteChannel socket, SyscallProbe probe) throws IOException {
            long t = probe.start(Syscall.SENDFILE);
            long n;
            try {
                n = channel.transferTo(position, remaining, socket);
            } catch (IOException e) {
                probe.end(Syscall.SENDFILE, -1, SyscallProbe.FAILED, t);
                throw e;
            }
            probe.end(Syscall.SENDFILE, -1, n == 0 ? -Errno.EAGAIN : n, t);
            advance(n);
            return n;
        }

        /**
         * Maps the next {@code min(remaining, max)} bytes read-only into {@code arena}, after
         * checking that the file still holds them (mapping past its end would fail anyway, and a
         * page past the end would fault). The region is not advanced: the caller does that once
         * the window is handed to the kernel. A read of the mapping is served from the page cache:
         * no read(2) copies the file into a user-space buffer.
         */
        public MemorySegment mapWindow(long max, Arena arena) throws IOException {
            long n = Math.min(remaining, max);
            long size = channel.size();
            if (size < position + n) {
                throw shortFile(size);
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, position, n, arena);
        }

        @Override
        protected void release(SyscallProbe probe) {
            long t = probe.start(Syscall.CLOSE);
            try {
                channel.close();
            } catch (IOException e) {
                // the descriptor is released whatever close reports
            }
            probe.end(Syscall.CLOSE, -1, 0, t);
        }
    }
}
