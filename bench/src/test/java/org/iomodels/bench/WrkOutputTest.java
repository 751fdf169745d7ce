package org.iomodels.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * wrk's summary as wrk 4.1 really printed it (the files under {@code wrk/} were captured from
 * runs against the Netty peer and against small faulty servers), and which runs count as failed.
 */
class WrkOutputTest {
    private static WrkOutput parse(String file) throws IOException {
        try (InputStream in = WrkOutputTest.class.getResourceAsStream("wrk/" + file)) {
            return WrkOutput.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aCleanRunGivesEveryFigureInItsUnit() throws IOException {
        WrkOutput out = parse("plaintext.txt");
        assertEquals(287_022, out.requests());
        assertEquals(3.03, out.seconds(), 1e-9);
        assertEquals(94_687.67, out.requestsPerSec(), 1e-9);
        assertEquals(11.74 * 1024 * 1024, out.bytesPerSec(), 1e-3);
        assertEquals(2580, out.p50(), 1e-9);
        assertEquals(2720, out.p75(), 1e-9);
        assertEquals(2870, out.p90(), 1e-9);
        assertEquals(4900, out.p99(), 1e-9);
        assertEquals(25_470, out.max(), 1e-9);
        assertEquals(0, out.socketErrors() + out.non2xx());
        assertNull(out.failure());
    }

    @Test
    void secondsAndMicrosecondsAreConverted() throws IOException {
        WrkOutput cold = parse("cold-server.txt"); // "99%    1.07s " with wrk's trailing space
        assertEquals(1_070_000, cold.p99(), 1e-6);
        assertEquals(1_470_000, cold.max(), 1e-6);
        assertEquals(217_820, cold.p90(), 1e-6);
        WrkOutput fast = parse("non2xx.txt");
        assertEquals(68, fast.p50(), 1e-9);
        assertEquals(4780, fast.max(), 1e-9);
    }

    @Test
    void socketErrorsFailTheRun() throws IOException {
        WrkOutput out = parse("socket-errors.txt"); // a server that closes every connection after 3 responses
        assertEquals(3795, out.readErrors());
        assertEquals(3795, out.socketErrors());
        assertEquals(577.71 * 1024, out.bytesPerSec(), 1e-6);
        assertEquals("wrk: 3795 socket errors (connect 0, read 3795, write 0, timeout 0)", out.failure());
        WrkOutput slow = parse("timeouts.txt"); // a server that answers every other request after 1.5 s, wrk --timeout 1s
        assertEquals(8, slow.timeouts());
        assertEquals(346.01, slow.bytesPerSec(), 1e-9);
        assertTrue(slow.failure().contains("timeout 8"), slow.failure());
    }

    @Test
    void non2xxResponsesFailTheRun() throws IOException {
        WrkOutput out = parse("non2xx.txt"); // GET /nope on the Netty peer: every response a 404
        assertEquals(87_336, out.non2xx());
        assertEquals(0, out.socketErrors());
        assertEquals("wrk: 87336 responses not 2xx or 3xx", out.failure());
    }

    @Test
    void aRunWithoutRequestsFailsAndHasNoLatency() throws IOException {
        WrkOutput out = parse("no-requests.txt"); // a server that reads and never answers
        assertEquals(0, out.requests());
        assertTrue(Double.isNaN(out.p50()), "p50 " + out.p50());
        assertTrue(Double.isNaN(out.max()));
        assertEquals("wrk: no request completed", out.failure());
    }

    @Test
    void aZeroPercentileFromPipeliningIsMissingNotZero() throws IOException {
        WrkOutput out = parse("pipelined.txt"); // -s pipeline.lua -- 16: wrk printed "99%    0.00us" (wg/wrk#236)
        assertEquals(660_992, out.requests());
        assertEquals(11_230, out.p50(), 1e-9);
        assertTrue(Double.isNaN(out.p99()), "p99 " + out.p99());
        assertEquals(104_180, out.max(), 1e-9);
        assertNull(out.failure());
    }

    @Test
    void outputWithoutASummaryIsRefusedQuotingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> WrkOutput.parse("unable to connect to 127.0.0.1:1 Connection refused\n"));
        assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
    }
}
