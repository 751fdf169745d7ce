package org.iomodels.process;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Python's {@code multiprocessing.Queue}: a FIFO for many producers and consumers in many
 * processes, on a ring of shared memory (a {@code memfd} every process maps) guarded by a
 * {@link FutexLock}, waits in {@code futex(2)}. An item is encoded by the {@link JavaCodec} (a
 * {@code byte[]} goes as it is) and copied into the ring by {@link #put} itself: there is no
 * feeder thread, so a child that has put items may exit at once and its items stay (Python's
 * documented deadlock, joining a child whose feeder still holds data, cannot happen), and
 * nothing is lost when a process dies after its put returned.
 *
 * <p>{@code maxsize} bounds the items (0: no bound); the ring's byte capacity bounds their bytes,
 * and an item larger than the ring is refused with the sizes. Timeouts are seconds, as Python's.
 * Pass a queue to a child as an argument of its {@link ChildProcess}.
 */
public class Queue implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The ring's bytes unless given: 16 MiB (a memfd's untouched pages cost nothing). */
    public static final long DEFAULT_CAPACITY = 16 << 20;

    /** {@code get} found the queue empty (not blocking, or at its timeout). */
    public static final class Empty extends RuntimeException {
        public Empty(String m) {
            super(m);
        }
    }

    /** {@code put} found the queue full (not blocking, or at its timeout). */
    public static final class Full extends RuntimeException {
        public Full(String m) {
            super(m);
        }
    }

    static final long LOCK = 0; // and the owner's pid at 4
    static final long NOT_EMPTY = 8;
    static final long NOT_FULL = 12;
    static final long HEAD = 16;
    static final long TAIL = 24;
    static final long COUNT = 32;
    static final long MAXSIZE = 36;
    static final long UNFINISHED = 40;
    static final long ALL_DONE = 44;
    static final long EMPTY_WAITERS = 48;
    static final long FULL_WAITERS = 52;
    static final long DONE_WAITERS = 56;
    static final long CAPACITY = 64;
    static final long DATA = 128;

    final SharedBlock block;
    private transient volatile boolean closed;

    public Queue() throws IOException {
        this(0);
    }

    public Queue(int maxsize) throws IOException {
        this(maxsize, DEFAULT_CAPACITY);
    }

    /** @param capacityBytes the ring's size: the most bytes of items waiting at once */
    public Queue(int maxsize, long capacityBytes) throws IOException {
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must be 0 (no bound) or more, not " + maxsize);
        }
        if (capacityBytes < 64 || capacityBytes > (1L << 40)) {
            throw new IllegalArgumentException("capacityBytes must be between 64 and 2^40, not " + capacityBytes);
        }
        this.block = SharedBlock.create("iomodels-queue", DATA + capacityBytes);
        MemorySegment m = block.memory;
        m.set(ValueLayout.JAVA_INT, MAXSIZE, maxsize);
        m.set(ValueLayout.JAVA_LONG, CAPACITY, capacityBytes);
    }

    public void put(Object item) throws IOException {
        put(item, true, -1);
    }

    public void putNowait(Object item) throws IOException {
        put(item, false, 0);
    }

    /** Puts {@code item}, waiting for room while {@code block}, at most {@code timeoutSeconds} (negative: no limit); throws {@link Full}. */
    public void put(Object item, boolean block, double timeoutSeconds) throws IOException {
        if (closed) {
            throw new IllegalStateException("put on a queue this process has closed");
        }
        boolean raw = item instanceof byte[];
        byte[] bytes = raw ? (byte[]) item : JavaCodec.DEFAULT.encode(item);
        MemorySegment m = this.block.memory;
        long capacity = m.get(ValueLayout.JAVA_LONG, CAPACITY);
        long need = 5L + bytes.length;
        if (need > capacity) {
            throw new IllegalArgumentException("an item of " + bytes.length + " bytes is larger than the queue's ring of " + capacity
                    + " bytes (new Queue(maxsize, capacityBytes))");
        }
        long deadline = FutexLock.deadline(block, timeoutSeconds);
        lock();
        try {
            int maxsize = m.get(ValueLayout.JAVA_INT, MAXSIZE);
            while ((maxsize > 0 && (int) FutexLock.INT.get(m, COUNT) >= maxsize) || capacity - used(m) < need) {
                waitFor(NOT_FULL, FULL_WAITERS, deadline, () -> new Full("the queue is full"));
            }
            long tail = (long) FutexLock.LONG.get(m, TAIL);
            byte[] head = {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8), (byte) bytes.length,
                    raw ? Connection.BYTES : Connection.OBJECT};
            copyIn(m, capacity, tail, head);
            copyIn(m, capacity, tail + 5, bytes);
            FutexLock.LONG.setVolatile(m, TAIL, tail + need); // last: a reader trusts tail and count only
            FutexLock.INT.getAndAdd(m, COUNT, 1);
            onPut(m);
            FutexLock.signalAll(m, NOT_EMPTY, EMPTY_WAITERS);
        } finally {
            FutexLock.unlock(m, LOCK);
        }
    }

    public Object get() throws IOException {
        return get(true, -1);
    }

    public Object getNowait() throws IOException {
        return get(false, 0);
    }

    /** The oldest item, waiting for one while {@code block}, at most {@code timeoutSeconds} (negative: no limit); throws {@link Empty}. */
    public Object get(boolean block, double timeoutSeconds) throws IOException {
        MemorySegment m = this.block.memory;
        long capacity = m.get(ValueLayout.JAVA_LONG, CAPACITY);
        long deadline = FutexLock.deadline(block, timeoutSeconds);
        byte[] bytes;
        byte kind;
        lock();
        try {
            while ((int) FutexLock.INT.get(m, COUNT) == 0) {
                waitFor(NOT_EMPTY, EMPTY_WAITERS, deadline, () -> new Empty("the queue is empty"));
            }
            long head = (long) FutexLock.LONG.get(m, HEAD);
            byte[] h = copyOut(m, capacity, head, 5);
            int length = ((h[0] & 0xFF) << 24) | ((h[1] & 0xFF) << 16) | ((h[2] & 0xFF) << 8) | (h[3] & 0xFF);
            kind = h[4];
            bytes = copyOut(m, capacity, head + 5, length);
            FutexLock.LONG.setVolatile(m, HEAD, head + 5 + length);
            FutexLock.INT.getAndAdd(m, COUNT, -1);
            FutexLock.signalAll(m, NOT_FULL, FULL_WAITERS);
        } finally {
            FutexLock.unlock(m, LOCK);
        }
        return kind == Connection.BYTES ? bytes : JavaCodec.DEFAULT.decode(bytes);
    }

    /** The items waiting now (a moment's count: others may put and get meanwhile). */
    public int qsize() {
        return (int) FutexLock.INT.getVolatile(block.memory, COUNT);
    }

    public boolean empty() {
        return qsize() == 0;
    }

    public boolean full() {
        int maxsize = block.memory.get(ValueLayout.JAVA_INT, MAXSIZE);
        return maxsize > 0 && qsize() >= maxsize;
    }

    /** This process puts no more (Python's {@code close}); the queue goes on for the others. */
    public void close() {
        closed = true;
    }

    /** A {@link JoinableQueue} counts unfinished tasks here. Under the lock. */
    void onPut(MemorySegment m) {}

    /** Takes the queue's lock, held for microseconds at a time (a dead holder's is taken over): timeouts bound the waits for room or items. */
    final void lock() throws IOException {
        if (!FutexLock.lock(block.memory, LOCK, Long.MAX_VALUE, "a queue's lock")) {
            throw new AssertionError("an untimed lock returned");
        }
    }

    /** Under the lock: waits for the sequence at {@code seqOff} to move (or the deadline: throws), and comes back under the lock. */
    final void waitFor(long seqOff, long waitersOff, long deadline, java.util.function.Supplier<RuntimeException> atDeadline)
            throws IOException {
        MemorySegment m = block.memory;
        if (System.nanoTime() - deadline >= 0 && deadline != Long.MAX_VALUE) {
            throw atDeadline.get();
        }
        int seq = (int) FutexLock.INT.getVolatile(m, seqOff);
        FutexLock.INT.getAndAdd(m, waitersOff, 1);
        FutexLock.unlock(m, LOCK);
        try {
            FutexLock.await(m, seqOff, seq, deadline);
        } finally {
            if (!FutexLock.lock(m, LOCK, Long.MAX_VALUE, "a queue's lock")) {
                throw new AssertionError("an untimed lock returned");
            }
            FutexLock.INT.getAndAdd(m, waitersOff, -1);
        }
    }

    private static long used(MemorySegment m) {
        return (long) FutexLock.LONG.get(m, TAIL) - (long) FutexLock.LONG.get(m, HEAD);
    }

    private static void copyIn(MemorySegment m, long capacity, long at, byte[] src) {
        long pos = at % capacity;
        int first = (int) Math.min(src.length, capacity - pos);
        MemorySegment.copy(src, 0, m, ValueLayout.JAVA_BYTE, DATA + pos, first);
        if (first < src.length) {
            MemorySegment.copy(src, first, m, ValueLayout.JAVA_BYTE, DATA, src.length - first);
        }
    }

    private static byte[] copyOut(MemorySegment m, long capacity, long at, int n) {
        byte[] out = new byte[n];
        long pos = at % capacity;
        int first = (int) Math.min(n, capacity - pos);
        MemorySegment.copy(m, ValueLayout.JAVA_BYTE, DATA + pos, out, 0, first);
        if (first < n) {
            MemorySegment.copy(m, ValueLayout.JAVA_BYTE, DATA, out, first, n - first);
        }
        return out;
    }
}
