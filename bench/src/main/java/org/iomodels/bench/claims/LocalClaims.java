package org.iomodels.bench.claims;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.iomodels.bench.ConnectionLimit;
import org.iomodels.bench.crawl.CrawlBench;
import org.iomodels.bench.report.Chart;

/** Claims 2, 4, 7 and 8: a connection limit, a switch ring, a crawl and a copy, each measured by a probe of its own. */
final class LocalClaims {
    private static final int HELD_OPEN = 1100;

    private final Claims.Context context;

    LocalClaims(Claims.Context context) {
        this.context = context;
    }

    ClaimResult measure(Claims.Text text) throws Exception {
        return switch (text.n()) {
            case 2 -> limit(text);
            case 4 -> switches(text);
            case 7 -> crawl(text);
            default -> copies(text);
        };
    }

    private ClaimResult limit(Claims.Text text) throws Exception {
        List<String> models = List.of("select", "poll", "epoll");
        Map<String, Double> numbers = new LinkedHashMap<>();
        List<Double> data = new ArrayList<>();
        for (String m : models) {
            context.progress().println("claims: " + HELD_OPEN + " connections held open on " + m);
            double served = ConnectionLimit.served(context.jvm(), context.cliMain(), m, HELD_OPEN);
            numbers.put(m + " connections served of " + HELD_OPEN, served);
            data.add(served);
        }
        double select = numbers.get("select connections served of " + HELD_OPEN);
        boolean held = select < 1024 && numbers.get("poll connections served of " + HELD_OPEN) == HELD_OPEN
                && numbers.get("epoll connections served of " + HELD_OPEN) == HELD_OPEN;
        String why = String.format(Locale.ROOT, "select served %.0f of %d connections (it cannot watch a descriptor of 1024 or more, FD_SETSIZE;"
                        + " the server refused the rest and went on), poll %.0f and epoll %.0f", select, HELD_OPEN,
                numbers.get("poll connections served of " + HELD_OPEN), numbers.get("epoll connections served of " + HELD_OPEN));
        Chart chart = new Chart("claim2", "connections served of " + HELD_OPEN + " held open", "bar", null, "connections", models,
                List.of(Chart.Series.of("served", data, null)), false, "each connection sends one byte once all are open; served: echoed");
        return ClaimResult.of(text, held, why, chart, numbers);
    }

    private ClaimResult switches(Claims.Text text) throws Exception {
        List<Integer> sizes = List.of(2, 100, 1000, 10_000);
        String[] kinds = {"greenlets", "virtual threads", "platform threads"};
        SwitchRing.greenlets(100, 200_000); // warm-up: the switch paths compiled before anything is timed
        SwitchRing.threads(100, 50_000, true);
        SwitchRing.threads(10, 20_000, false);
        Map<String, Double> numbers = new LinkedHashMap<>();
        List<List<Double>> data = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int n : sizes) {
            context.progress().println("claims: a ring of " + n + " tasks");
            double[] ns = {SwitchRing.greenlets(n, Math.max(400_000, 4 * n)), SwitchRing.threads(n, Math.max(200_000, 4 * n), true),
                SwitchRing.threads(n, Math.max(40_000, 4 * n), false)};
            for (int k = 0; k < kinds.length; k++) {
                numbers.put(kinds[k] + " ns/switch at " + n, ns[k]);
                data.get(k).add(ns[k]);
            }
        }
        boolean cheaper = true;
        for (int i = 0; i < sizes.size(); i++) {
            cheaper &= data.get(0).get(i) < data.get(1).get(i) && data.get(0).get(i) < data.get(2).get(i);
        }
        double gapSmall = data.get(2).getFirst() / data.get(0).getFirst();
        double gapLarge = data.get(2).getLast() / data.get(0).getLast();
        numbers.put("platform / greenlet at 2", gapSmall);
        numbers.put("platform / greenlet at 10,000", gapLarge);
        boolean grows = gapLarge > gapSmall;
        String why = String.format(Locale.ROOT, "a switch cost %.0f ns between greenlets, %.0f between virtual threads and %.0f between platform"
                        + " threads at 2 tasks; at 10,000: %.0f, %.0f and %.0f ns. Platform threads cost x%.1f a greenlet's at 2 and x%.1f at 10,000",
                data.get(0).getFirst(), data.get(1).getFirst(), data.get(2).getFirst(), data.get(0).getLast(), data.get(1).getLast(),
                data.get(2).getLast(), gapSmall, gapLarge);
        List<Chart.Series> series = new ArrayList<>();
        for (int k = 0; k < kinds.length; k++) {
            series.add(Chart.Series.of(kinds[k], data.get(k), null));
        }
        Chart chart = new Chart("claim4", "ns per switch, by tasks in the ring", "line", "tasks", "ns (log)",
                sizes.stream().map(n -> String.format(Locale.ROOT, "%,d", n)).toList(), series, true, null);
        if (cheaper && grows) {
            return ClaimResult.of(text, true, why, chart, numbers);
        }
        return cheaper ? ClaimResult.partly(text, why + "; cheaper at every size, but the gap did not grow", chart, numbers)
                : ClaimResult.of(text, false, why, chart, numbers);
    }

    private ClaimResult crawl(Claims.Text text) throws Exception {
        CrawlBench.Plan plan = new CrawlBench.Plan(2, 15, Duration.ofMillis(20), 8, 4, 0.5);
        CrawlBench bench = new CrawlBench(plan, context.jvm(), null, context.progress());
        Map<String, List<CrawlBench.Run>> runs = bench.run(context.repeat());
        Map<String, Double> numbers = new LinkedHashMap<>();
        List<String> modes = new ArrayList<>();
        List<Double> data = new ArrayList<>();
        for (String mode : CrawlBench.MODES) {
            double[] s = runs.get(mode).stream().mapToDouble(CrawlBench.Run::seconds).sorted().toArray();
            double median = s.length == 0 ? Double.NaN : s[s.length / 2];
            numbers.put(mode + " seconds", median);
            modes.add(mode);
            data.add(Chart.value(median));
        }
        double seq = numbers.get("sequential seconds");
        boolean held = numbers.get("green seconds") < seq * 0.5 && numbers.get("unpatched seconds") > seq * 0.8;
        String why = String.format(Locale.ROOT, "%d pages: sequential %.2f s, greenlets %.2f s (x%.1f faster), unpatched greenlets %.2f s"
                        + " (x%.2f: each blocking socket holds the one thread), virtual threads %.2f s; ideal %.2f s", plan.pages(), seq,
                numbers.get("green seconds"), seq / numbers.get("green seconds"), numbers.get("unpatched seconds"),
                seq / numbers.get("unpatched seconds"), numbers.get("virtual seconds"), plan.idealSeconds());
        Chart chart = new Chart("claim7", "seconds to crawl " + plan.pages() + " pages", "bar", null, "s", modes,
                List.of(Chart.Series.of("seconds", data, null)), false, "lower is better");
        return ClaimResult.of(text, held, why, chart, numbers);
    }

    private ClaimResult copies(Claims.Text text) throws Exception {
        Path dir = Files.createTempDirectory("iomodels-claim8");
        try {
            Path file = CopyCost.file(dir, 64);
            CopyCost.measure(file, true, 2); // warm-up of both paths
            CopyCost.measure(file, false, 2);
            List<CopyCost.Cost> send = new ArrayList<>();
            List<CopyCost.Cost> copy = new ArrayList<>();
            for (int r = 0; r < 3; r++) { // interleaved
                send.add(CopyCost.measure(file, true, 8));
                copy.add(CopyCost.measure(file, false, 8));
            }
            CopyCost.Cost s = medianOf(send);
            CopyCost.Cost c = medianOf(copy);
            Map<String, Double> numbers = new LinkedHashMap<>();
            numbers.put("sendfile CPU ms/MiB", s.total());
            numbers.put("sendfile user ms/MiB", s.userMsPerMib());
            numbers.put("read+write CPU ms/MiB", c.total());
            numbers.put("read+write user ms/MiB", c.userMsPerMib());
            numbers.put("read+write / sendfile", c.total() / s.total());
            boolean held = s.total() < c.total() * 0.8;
            String why = held
                    ? String.format(Locale.ROOT, "the sender spent %.3f ms of CPU per MiB with sendfile and %.3f with read+write (x%.2f):"
                            + " read+write copies each byte into the process and out again, sendfile copies none of them in the process",
                            s.total(), c.total(), c.total() / s.total())
                    : String.format(Locale.ROOT, "here sendfile cost the sender %.3f ms of CPU per MiB and read+write %.3f (x%.2f), all but"
                            + " a trace of it in the kernel: sendfile copies less (no byte enters the process), but its per-page work in the"
                            + " kernel cost more on this machine than the two copies (the README has a profile of one such run)",
                            s.total(), c.total(), c.total() / s.total());
            Chart chart = new Chart("claim8", "the sender's CPU per MiB sent", "stack", null, "ms per MiB", List.of("sendfile", "read+write"),
                    List.of(Chart.Series.of("user", Chart.values(s.userMsPerMib(), c.userMsPerMib()), null),
                            Chart.Series.of("kernel", Chart.values(s.systemMsPerMib(), c.systemMsPerMib()), null)), false,
                    "median of 3 interleaved rounds of 512 MiB each");
            return ClaimResult.of(text, held, why, chart, numbers);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static CopyCost.Cost medianOf(List<CopyCost.Cost> costs) {
        List<CopyCost.Cost> sorted = new ArrayList<>(costs);
        sorted.sort((a, b) -> Double.compare(a.total(), b.total()));
        return sorted.get(sorted.size() / 2);
    }
}
