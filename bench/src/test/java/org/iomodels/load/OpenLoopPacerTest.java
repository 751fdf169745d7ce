package org.iomodels.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The schedule hands each connection exactly the messages the clock made due, however late it is asked. */
class OpenLoopPacerTest {
    @Test
    void catchingUpGivesEachConnectionItsDueMessagesAsOneCount() {
        int busy = 7;
        double interval = 333.3; // ns: 3 million msgs/s
        OpenLoopPacer pacer = new OpenLoopPacer(1_000, interval, busy);
        long[] got = new long[busy];
        int[] calls = {0};
        // Asked at uneven moments, some far behind: each time, message k went to connection k % busy.
        for (long now : new long[] {999, 1_000, 1_500, 1_501, 9_000, 2_000_000, 2_000_100, 50_000_000}) {
            calls[0] = 0;
            pacer.catchUp(now, (local, n) -> {
                got[local] += n;
                calls[0]++;
            });
            assertTrue(calls[0] <= busy, "one count per connection at most");
            long[] expected = new long[busy];
            long due = 0;
            while (pacer.dueAt(due) <= now) {
                expected[(int) (due % busy)]++;
                due++;
            }
            assertArrayEquals(expected, got, "at " + now);
            assertEquals(due, pacer.scheduled());
            assertTrue(pacer.nextDue() > now);
        }
    }
}
