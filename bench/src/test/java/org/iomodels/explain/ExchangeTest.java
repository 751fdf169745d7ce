package org.iomodels.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iomodels.engine.Engines;
import org.iomodels.server.IoModel;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What each raw model's trace of an echoed exchange must hold: the calls the model makes, in its order, each measured. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExchangeTest {
    @ParameterizedTest
    @EnumSource(value = IoModel.class, names = {"BLOCKING", "NONBLOCKING", "SELECT", "POLL", "EPOLL", "SIGIO", "IO_URING", "GREEN"})
    void eachModelMakesItsCallsInItsOrder(IoModel model) throws Exception {
        assumeTrue(Engines.isSupported(model), () -> model + ": " + Engines.unsupportedReason(model));
        Exchange.Traced t = Exchange.run(model, 64, 3);
        assertEquals(0, t.dropped());
        for (int i = 0; i < 3; i++) {
            List<Step> w = Reading.window(t.steps(), i, t.sendMicros());
            List<String> calls = new ArrayList<>();
            for (Step s : w) {
                calls.add((s.kernel() ? "kernel:" : "") + s.call() + "=" + s.result());
                if (!s.kernel()) {
                    assertTrue(s.micros() > 0, () -> "a measured duration: " + s);
                }
            }
            String seq = String.join(" ", calls);
            switch (model) {
                case EPOLL, GREEN -> assertTrue(seq.matches(".*epoll_(p)?wait2?=1 read=64 send=64.*"), seq);
                case SELECT -> assertTrue(seq.matches(".*select=\\d+ read=64 send=64.*"), seq);
                case POLL -> assertTrue(seq.matches(".*poll=\\d+ read=64 send=64.*"), seq);
                case SIGIO -> assertTrue(seq.matches(".*rt_sigtimedwait=\\d+ kernel:SIGIO=\\d+ .*read=64 send=64.*"), seq);
                case IO_URING -> {
                    assertTrue(seq.matches(".*io_uring_enter=\\d+ kernel:recv=64 .*kernel:send=64.*"), seq);
                    assertFalse(w.stream().anyMatch(s -> !s.kernel() && (Reading.isRead(s) || Reading.isWrite(s))),
                            "the process makes no read or write: " + seq);
                }
                case NONBLOCKING -> assertTrue(seq.matches(".*read=EAGAIN.* read=64 send=64.*"), "polling found nothing first: " + seq);
                case BLOCKING -> {
                    assertTrue(seq.matches("read=64 send=64"), seq);
                    Step read = w.getFirst();
                    assertEquals(Phase.WAIT_COPY, read.phase());
                    if (i > 0) {
                        double send = t.sendMicros()[i];
                        assertTrue(read.startMicros() < send && read.startMicros() + read.micros() > send,
                                "the read waited for the data: it began before the send and ended after: " + read + ", send at " + send);
                    }
                }
                default -> throw new AssertionError(model);
            }
        }
        Reading r = Reading.of(t);
        assertTrue(r.waitMicros() > 0 && r.callsPerMessage() >= 2, r.toString());
        assertTrue(r.text().startsWith(model.cliName() + ": "), r.text());
        assertTrue(Figure.draw(t).contains("t=0: the client's 64 bytes are sent"), Figure.draw(t));
    }
}
