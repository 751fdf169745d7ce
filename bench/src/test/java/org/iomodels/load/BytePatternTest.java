package org.iomodels.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The pattern is what every sent byte is checked against: any chunk must be the stream itself. */
class BytePatternTest {
    @Test
    void everyFullChunkIsTheStreamEvenWhereItWrapsPastThePeriod() {
        try (Arena arena = Arena.ofConfined()) {
            BytePattern pattern = new BytePattern(arena, 42);
            // MAX_CHUNK is longer than PERIOD: a chunk starting near the period's end wraps twice over it.
            for (long offset = BytePattern.PERIOD - 32; offset < BytePattern.PERIOD + 32; offset++) {
                MemorySegment chunk = pattern.chunk(0, offset, BytePattern.MAX_CHUNK);
                for (int i = 0; i < BytePattern.MAX_CHUNK; i++) {
                    byte got = chunk.get(ValueLayout.JAVA_BYTE, i);
                    if (got != pattern.expected(0, offset + i)) {
                        assertEquals(pattern.expected(0, offset + i), got, "byte " + i + " of the chunk at " + offset);
                    }
                }
                assertEquals(-1, pattern.mismatch(chunk, BytePattern.MAX_CHUNK, 0, offset), "chunk at " + offset);
            }
        }
    }
}
