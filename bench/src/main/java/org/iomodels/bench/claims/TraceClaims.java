package org.iomodels.bench.claims;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.iomodels.bench.report.Chart;
import org.iomodels.engine.Engines;
import org.iomodels.explain.Exchange;
import org.iomodels.explain.Reading;
import org.iomodels.server.IoModel;

/** Claims 9 and 10: an echo exchange traced on each model ({@code explain}'s), its calls per message read off the trace. */
final class TraceClaims {
    private static final int MESSAGES = 20;

    private TraceClaims() {}

    static ClaimResult measure(Claims.Text text) throws Exception {
        return text.n() == 9 ? polling(text) : async(text);
    }

    private static Reading traced(IoModel m) throws Exception {
        String why = Engines.unsupportedReason(m);
        if (why != null) {
            throw new IllegalStateException(m.cliName() + " cannot run here: " + why);
        }
        return Reading.of(Exchange.run(m, 64, MESSAGES));
    }

    private static ClaimResult polling(Claims.Text text) throws Exception {
        Reading nb = traced(IoModel.NONBLOCKING);
        Reading ep = traced(IoModel.EPOLL);
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("nonblocking calls/msg", nb.callsPerMessage());
        numbers.put("nonblocking EAGAIN/msg", nb.eagainPerMessage());
        numbers.put("epoll calls/msg", ep.callsPerMessage());
        numbers.put("epoll EAGAIN/msg", ep.eagainPerMessage());
        boolean held = nb.eagainPerMessage() >= 1 && nb.callsPerMessage() > 2 * ep.callsPerMessage();
        String why = String.format(Locale.ROOT, "nonblocking made %.1f calls per message, %.1f of them reads that found nothing (EAGAIN);"
                + " epoll made %.1f, with %.1f EAGAIN", nb.callsPerMessage(), nb.eagainPerMessage(), ep.callsPerMessage(), ep.eagainPerMessage());
        Chart chart = new Chart("claim9", "calls per echoed message", "bar", null, "calls", List.of("nonblocking", "epoll"),
                List.of(Chart.Series.of("calls", Chart.values(nb.callsPerMessage(), ep.callsPerMessage()), null),
                        Chart.Series.of("of which EAGAIN", Chart.values(nb.eagainPerMessage(), ep.eagainPerMessage()), null)), false,
                MESSAGES + " messages, 5 ms apart, each finding the server waiting");
        return ClaimResult.of(text, held, why, chart, numbers);
    }

    private static ClaimResult async(Claims.Text text) throws Exception {
        Reading ur = traced(IoModel.IO_URING);
        Reading ep = traced(IoModel.EPOLL);
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("io_uring calls/msg", ur.callsPerMessage());
        numbers.put("io_uring copy µs/msg", ur.copyMicros());
        numbers.put("io_uring wait µs/msg", ur.waitMicros());
        numbers.put("epoll calls/msg", ep.callsPerMessage());
        numbers.put("epoll copy µs/msg", ep.copyMicros());
        numbers.put("epoll wait µs/msg", ep.waitMicros());
        boolean copySpared = ur.copyMicros() == 0 && ur.callsPerMessage() < ep.callsPerMessage();
        String why = String.format(Locale.ROOT, "io_uring made %.1f calls per message against epoll's %.1f, and none of them copied (copy: %.1f µs"
                        + " against %.1f; the kernel copied into the buffers it was given): phase 2 was spared. Phase 1 was not: the loop still"
                        + " waited in io_uring_enter for the completion (%s), %.0f µs from the send against epoll's %.0f",
                ur.callsPerMessage(), ep.callsPerMessage(), ur.copyMicros(), ep.copyMicros(), ur.whoWaits(), ur.waitMicros(), ep.waitMicros());
        Chart chart = new Chart("claim10", "µs per message: wait and copy", "stack", null, "µs", List.of("io_uring", "epoll"),
                List.of(Chart.Series.of("wait", Chart.values(ur.waitMicros(), ep.waitMicros()), null),
                        Chart.Series.of("copy", Chart.values(ur.copyMicros(), ep.copyMicros()), null)), false,
                "wait: from the client's send until the process had the data; copy: the process's read and write calls");
        return copySpared ? ClaimResult.partly(text, why, chart, numbers) : ClaimResult.of(text, false, why, chart, numbers);
    }
}
