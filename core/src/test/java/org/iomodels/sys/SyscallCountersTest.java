package org.iomodels.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.iomodels.sys.SyscallCounters.Kind;
import org.junit.jupiter.api.Test;

/** Calls are counted exactly; the time of copy calls is sampled and scaled, never lost. */
class SyscallCountersTest {
    @Test
    void sampledCallsAreAllCountedAndSomeTimed() {
        SyscallCounters c = new SyscallCounters();
        for (int i = 0; i < 10_000; i++) {
            long start = SyscallCounters.sampledStart();
            c.countSampled(i % 2 == 0 ? Kind.READ : Kind.WRITE, start);
        }
        var s = c.snapshot();
        assertEquals(5_000, s.calls(Kind.READ));
        assertEquals(5_000, s.calls(Kind.WRITE));
        assertEquals(10_000, s.totalCalls());
        // (7/8)^5000 is zero for any purpose: both kinds had timed samples, whatever their order.
        assertTrue(s.nanos(Kind.READ) > 0 && s.nanos(Kind.WRITE) > 0, s.toString());
    }

    @Test
    void waitsAreTimedEveryTime() throws InterruptedException {
        SyscallCounters c = new SyscallCounters();
        long start = System.nanoTime();
        Thread.sleep(2);
        c.count(Kind.WAIT, start);
        assertTrue(c.snapshot().nanos(Kind.WAIT) >= 2_000_000);
    }
}
