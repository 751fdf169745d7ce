package org.iomodels.process;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Python's {@code multiprocessing.shared_memory.SharedMemory}: a block of memory any process can
 * attach to by its name, a file under {@code /dev/shm} (what {@code shm_open} makes), mapped
 * shared. {@link #create} makes one (a random {@code psm_} name if none is given), {@link #attach}
 * maps an existing one; {@link #buf} is the memory; {@link #close} unmaps it here, {@link #unlink}
 * removes the name (the memory goes with the last mapping). It crosses to a child as its name.
 */
public final class SharedMemory implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final Path DIR = Path.of("/dev/shm");

    private final String name;
    private final long size;
    private transient volatile Arena arena;
    private transient volatile MemorySegment buf;

    private SharedMemory(String name, long size) {
        this.name = name;
        this.size = size;
    }

    /** A new block of {@code size} bytes (zeroed) named {@code name} (null: a random one); an existing name is an error. */
    public static SharedMemory create(String name, long size) throws IOException {
        if (size <= 0) {
            throw new IllegalArgumentException("a shared memory block's size must be positive, not " + size);
        }
        String n = name != null ? check(name)
                : "psm_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()); // Python's prefix
        try (FileChannel c = FileChannel.open(DIR.resolve(n), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            c.write(java.nio.ByteBuffer.wrap(new byte[1]), size - 1); // its size; the pages stay unallocated until touched
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IOException("a shared memory block named '" + n + "' exists already (attach to it, or unlink it first)", e);
        }
        SharedMemory m = new SharedMemory(n, size);
        m.buf();
        return m;
    }

    /** The existing block named {@code name}. */
    public static SharedMemory attach(String name) throws IOException {
        Path p = DIR.resolve(check(name));
        if (!Files.exists(p)) {
            throw new java.nio.file.NoSuchFileException(p.toString(), null, "no shared memory block named '" + name + "'");
        }
        SharedMemory m = new SharedMemory(name, Files.size(p));
        m.buf();
        return m;
    }

    private static String check(String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("a shared memory name is one path segment, not '" + name + "'");
        }
        return name;
    }

    public String name() {
        return name;
    }

    public long size() {
        return size;
    }

    /** The block's memory, shared with every process that has it; mapped here on first use (a child's copy maps when it asks). */
    public MemorySegment buf() throws IOException {
        MemorySegment b = buf;
        if (b == null) {
            synchronized (this) {
                if (buf == null) {
                    Arena a = Arena.ofShared();
                    try (FileChannel c = FileChannel.open(DIR.resolve(name), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                        buf = c.map(FileChannel.MapMode.READ_WRITE, 0, size, a);
                        arena = a;
                    } catch (IOException | RuntimeException e) {
                        a.close();
                        throw e;
                    }
                }
                b = buf;
            }
        }
        return b;
    }

    /** Unmaps it in this process; the block lives on for the others. */
    @Override
    public synchronized void close() {
        if (arena != null) {
            arena.close();
            arena = null;
            buf = null;
        }
    }

    /** Removes the name: no process can attach any more; the memory goes with the last mapping. */
    public void unlink() throws IOException {
        Files.deleteIfExists(DIR.resolve(name));
    }
}
