package org.iomodels.engine.base;

/**
 * How many bytes to read next, adapted to what reads return (the idea of Netty's adaptive
 * receive allocator): a read that fills its buffer makes the next one four times larger, up to
 * {@link #MAX}; eight reads in a row that use at most a quarter of it halve it, down to
 * {@link #MIN}. The engines that hold one read buffer per connection (a thread, or an NIO.2 read,
 * per connection) use it, so an idle connection costs 2 KiB of buffer instead of 64: the bench's
 * memory scenario measured 70 KiB of heap per idle connection on {@code virtual} before.
 * Owned by one connection's reader; not thread-safe.
 */
public final class AdaptiveReadSize {
    public static final int MIN = 2 * 1024;
    public static final int MAX = AbstractServer.READ_BUFFER;
    private static final int SHRINK_AFTER = 8;

    private int size = MIN;
    private int smallReads;

    /** The buffer size the next read should use. */
    public int size() {
        return size;
    }

    /** Notes that a read of {@link #size()} bytes returned {@code n}. */
    public void record(int n) {
        if (n >= size) {
            size = Math.min(MAX, size * 4);
            smallReads = 0;
        } else if (n <= size / 4 && size > MIN) {
            if (++smallReads >= SHRINK_AFTER) {
                size = Math.max(MIN, size / 2);
                smallReads = 0;
            }
        } else {
            smallReads = 0;
        }
    }
}
