package org.iomodels.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Syscalls per request: the engine's syscalls over the requests it answered, from its own stats line when it says. */
class HttpRunTest {
    @Test
    void theEnginesOwnRequestCountIsPreferred() {
        List<String> tail = List.of("stats model=epoll msgs=36686 bytes=1834404 syscalls=78102 per_msg=2.13 wait=4599 read=36706"
                + " write=36686 eagain=5 other=106 requests=36686");
        assertEquals(78102 / 36686.0, HttpRun.syscallsPerRequest(tail, 36667), 1e-12);
    }

    @Test
    void withoutItEveryRequestWrkCompletedCounts() {
        List<String> tail = List.of("stats model=epoll msgs=100 bytes=4000 syscalls=250 per_msg=2.50 wait=50 read=100 write=100 eagain=0 other=0");
        assertEquals(2.5, HttpRun.syscallsPerRequest(tail, 100), 1e-12);
    }

    @Test
    void aPeerPrintsNoStats() {
        assertTrue(Double.isNaN(HttpRun.syscallsPerRequest(List.of(), 1000)));
    }
}
