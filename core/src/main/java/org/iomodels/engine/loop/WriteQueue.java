package org.iomodels.engine.loop;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.iomodels.engine.base.FileRegion;
import org.iomodels.sys.SyscallProbe;

/**
 * A {@link LoopConn}'s output in order: copies of written buffers and {@link FileRegion}s, with
 * the count of bytes not yet taken by the socket (those queued here plus those other threads have
 * handed to the loop and that are not queued yet). A file's bytes wait in the page cache, not
 * here: a queued file costs a descriptor, not memory. The loop thread owns it; any thread may
 * read {@link #pending} and add to it.
 */
public final class WriteQueue {
    /** Made on the first add: most connections never queue anything (100 bytes each at 10,000 idle ones). */
    private ArrayDeque<Object> items;
    private final AtomicLong pending = new AtomicLong();
    private final OutputOwner loop;

    public WriteQueue(OutputOwner loop) {
        this.loop = loop;
    }

    public boolean isEmpty() {
        return items == null || items.isEmpty();
    }

    public Object head() {
        return items == null ? null : items.peek();
    }

    public void add(Object item) {
        if (items == null) {
            items = new ArrayDeque<>(4);
        }
        items.add(item);
    }

    /** The head has been sent: drops it (closing a region's file). */
    public void removeHead() {
        discard(items == null ? null : items.poll());
    }

    /** Bytes queued or handed over, not yet taken by the socket. Any thread. */
    public long pending() {
        return pending.get();
    }

    /** Adds {@code n} (negative: sent or dropped) to {@link #pending}. Any thread. */
    public void count(long n) {
        pending.addAndGet(n);
    }

    /**
     * Drops everything queued, closing the files. Only what was queued leaves the count: items
     * handed over and not yet queued are still counted, and leave it when their task finds the
     * connection closed.
     */
    public void dropAll() {
        if (items == null) {
            return;
        }
        long dropped = 0;
        for (Object item : items) {
            dropped += FileRegion.remaining(item);
            discard(item);
        }
        items.clear();
        pending.addAndGet(-dropped);
    }

    /** Closes a dropped or sent region's file, counted as a syscall on the loop thread; a buffer needs nothing. */
    public void discard(Object item) {
        if (item instanceof FileRegion region) {
            region.close(loop.inLoop() ? loop.probe() : SyscallProbe.NONE); // the counters are the loop thread's alone
        }
    }

    public static ByteBuffer copyOf(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        return copy;
    }
}
