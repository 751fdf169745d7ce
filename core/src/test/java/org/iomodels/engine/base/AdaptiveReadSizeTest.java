package org.iomodels.engine.base;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A per-connection read buffer starts small, grows for a bulk stream, and shrinks back when it idles. */
class AdaptiveReadSizeTest {
    @Test
    void fullReadsGrowItToTheMaximum() {
        AdaptiveReadSize s = new AdaptiveReadSize();
        assertEquals(2048, s.size());
        s.record(2048);
        assertEquals(8192, s.size());
        s.record(8192);
        s.record(32768);
        assertEquals(65536, s.size());
        s.record(65536);
        assertEquals(65536, s.size());
    }

    @Test
    void eightSmallReadsInARowHalveItDownToTheMinimum() {
        AdaptiveReadSize s = new AdaptiveReadSize();
        s.record(2048);
        s.record(8192);
        assertEquals(32768, s.size());
        for (int i = 0; i < 7; i++) {
            s.record(128);
        }
        assertEquals(32768, s.size());
        s.record(20_000); // a read using more than a quarter restarts the count
        for (int i = 0; i < 7; i++) {
            s.record(128);
        }
        assertEquals(32768, s.size());
        s.record(128);
        assertEquals(16384, s.size());
        for (int i = 0; i < 100; i++) {
            s.record(1);
        }
        assertEquals(2048, s.size());
    }
}
