package org.iomodels.load;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * The bytes every connection sends: an endless stream whose byte at offset {@code i} is
 * {@code window[(start + i) % PERIOD]}, where each connection has its own {@code start}. The
 * window is one native segment {@code PERIOD + MAX_CHUNK} long, so any chunk of up to
 * {@code MAX_CHUNK} bytes is contiguous: sends write straight from it, and the verifier compares a
 * received buffer against it with one {@link MemorySegment#mismatch} (a vectorised compare).
 *
 * <p>The period is prime and the content random, so a byte flipped, dropped, duplicated, or taken
 * from another connection's stream is caught.
 */
final class BytePattern {
    static final int PERIOD = 65_521;
    static final int MAX_CHUNK = 64 * 1024;

    private final MemorySegment window;

    BytePattern(Arena arena, long seed) {
        window = arena.allocate(PERIOD + MAX_CHUNK);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < PERIOD; i++) {
            window.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) random.nextInt(256));
        }
        // MAX_CHUNK is longer than PERIOD, so the tail repeats the period more than once: copied a
        // period at a time (one overlapping copy would repeat the tail's zeros, not the pattern).
        for (long filled = PERIOD; filled < window.byteSize(); filled += PERIOD) {
            MemorySegment.copy(window, 0, window, filled, Math.min(PERIOD, window.byteSize() - filled));
        }
    }

    /** Where a connection's stream starts in the period: spread so neighbours differ. */
    static int start(int connIndex) {
        return (int) ((connIndex * 7_919L) % PERIOD);
    }

    /** The {@code len <= MAX_CHUNK} bytes at stream offset {@code offset} of a stream starting at {@code start}. */
    MemorySegment chunk(int start, long offset, long len) {
        return window.asSlice((start + offset) % PERIOD, len);
    }

    /**
     * Compares {@code received[0, len)} with the stream at {@code offset}: -1 when equal, else the
     * index of the first differing byte.
     */
    long mismatch(MemorySegment received, int len, int start, long offset) {
        long from = (start + offset) % PERIOD;
        return MemorySegment.mismatch(received, 0, len, window, from, from + len);
    }

    /** The expected byte at stream offset {@code offset}. */
    byte expected(int start, long offset) {
        return window.get(java.lang.foreign.ValueLayout.JAVA_BYTE, (start + offset) % PERIOD);
    }
}
