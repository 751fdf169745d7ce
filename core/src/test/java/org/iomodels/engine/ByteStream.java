package org.iomodels.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * A deterministic byte stream (SplitMix64 of the position): the same seed gives the same bytes
 * however they are split, so a writer and a reader can each generate it and compare
 * incrementally, in constant memory, however much goes through.
 */
final class ByteStream {
    private final long seed;
    private long position;
    private long wordIndex = -1;
    private long word;
    private byte[] scratch = new byte[0];

    ByteStream(long seed) {
        this.seed = seed;
    }

    long position() {
        return position;
    }

    void fill(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            long index = position >>> 3;
            if (index != wordIndex) {
                wordIndex = index;
                word = mix(seed + index * 0x9E3779B97F4A7C15L);
            }
            b[off + i] = (byte) (word >>> ((position & 7) << 3));
            position++;
        }
    }

    /** Asserts {@code b[off, off+len)} are the stream's next bytes. */
    void check(byte[] b, int off, int len) {
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, 64 * 1024)];
        }
        long start = position;
        fill(scratch, 0, len);
        int at = Arrays.mismatch(b, off, off + len, scratch, 0, len);
        if (at >= 0) {
            throw new AssertionError("echoed byte " + (start + at) + " is " + b[off + at] + ", expected " + scratch[at]);
        }
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Refills an emptied {@code buf} with the next bytes, stopping at {@code total} bytes in all. */
    void refill(ByteBuffer buf, long total) {
        if (!buf.hasRemaining() && position < total) {
            int n = (int) Math.min(buf.capacity(), total - position);
            fill(buf.array(), 0, n);
            buf.clear().limit(n);
        }
    }

    /** Reads {@code total} bytes from a blocking channel, checking each against this stream. */
    void receiveAndCheck(SocketChannel ch, long total) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(256 << 10);
        long got = 0;
        while (got < total) {
            in.clear().limit((int) Math.min(in.capacity(), total - got));
            int n = ch.read(in);
            if (n < 0) {
                throw new AssertionError("end of stream after " + got + " of " + total + " echoed bytes");
            }
            check(in.array(), 0, n);
            got += n;
        }
    }
}
