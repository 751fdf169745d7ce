package org.iomodels.bench.crawl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.iomodels.load.LoadResult;

/**
 * The crawl scenario's table and files: per target the median seconds (min-max), pages/s, the
 * ratio to the ideal wall time and to the sequential crawl, then the targets checked
 * against this run's numbers; {@code results.json} and {@code results.csv} with every run.
 */
public final class CrawlReport {
    private final Map<String, List<CrawlBench.Run>> runs;
    private final CrawlBench.Plan plan;
    private final int pages;
    private final String pythonVersions;

    public CrawlReport(CrawlBench.Plan plan, Map<String, List<CrawlBench.Run>> runs, String pythonVersions) {
        this.plan = plan;
        this.runs = runs;
        this.pages = plan.pages();
        this.pythonVersions = pythonVersions;
    }

    /** The median seconds of {@code target}'s good runs (its second crawl, the first warmed it up); NaN if none was good. */
    public double median(String target) {
        return median(target, CrawlBench.Run::seconds);
    }

    private double median(String target, java.util.function.ToDoubleFunction<CrawlBench.Run> f) {
        double[] s = runs.getOrDefault(target, List.of()).stream().filter(CrawlBench.Run::ok).mapToDouble(f).sorted().toArray();
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public String table() {
        double ideal = plan.idealSeconds();
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
                "crawl: %d hosts x %d pages = %d pages, %d ms latency each, concurrency %d, %d per host, depth %d; medians of %d runs%n"
                        + "ideal wall time: %d pages x %d ms / %d in flight = %.3f s%s%n"
                        + "each run a fresh process that crawls for %.0f s to warm up, then once measured; the first, cold crawl is the last column%n%n",
                plan.hosts(), plan.pagesPerHost() + 1, pages, plan.latency().toMillis(), plan.concurrency(),
                plan.perHost(), CrawlBench.DEPTH, runs.values().stream().mapToInt(List::size).max().orElse(0), pages,
                plan.latency().toMillis(), plan.inFlight(), ideal,
                pythonVersions == null ? "" : "; python peer: " + pythonVersions, plan.warmupSeconds()));
        t.append(String.format(Locale.ROOT, "%-14s %-22s %9s %8s %13s %9s %13s%n", "target", "seconds (min-max)", "pages/s", "x ideal",
                "x sequential", "per host", "cold crawl s"));
        double sequential = median("sequential");
        for (var e : runs.entrySet()) {
            double m = median(e.getKey());
            List<CrawlBench.Run> good = e.getValue().stream().filter(CrawlBench.Run::ok).toList();
            String range = good.isEmpty() ? "failed" : String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", m,
                    good.stream().mapToDouble(CrawlBench.Run::seconds).min().orElse(m), good.stream().mapToDouble(CrawlBench.Run::seconds).max().orElse(m));
            long perHost = good.stream().mapToLong(CrawlBench.Run::maxPerHost).max().orElse(0);
            t.append(String.format(Locale.ROOT, "%-14s %-22s %9.1f %8.2f %13.2f %9d %13.3f%n", e.getKey(), range, pages / m, m / ideal,
                    m / sequential, perHost, median(e.getKey(), CrawlBench.Run::firstSeconds)));
        }
        t.append(System.lineSeparator()).append(verdicts(ideal, sequential));
        return t.toString();
    }

    private String verdicts(double ideal, double sequential) {
        List<String> lines = new ArrayList<>();
        for (String mode : List.of("green", "virtual")) {
            double r = median(mode) / ideal;
            lines.add(String.format(Locale.ROOT, "%s within 1.3x of the ideal wall time: %s (%.2fx)", mode, r <= 1.3 ? "yes" : "NO", r));
        }
        double py = median(CrawlBench.PYTHON);
        if (!Double.isNaN(py)) {
            for (String mode : List.of("green", "virtual")) {
                double r = py / median(mode);
                lines.add(String.format(Locale.ROOT, "%s pages/s at least python-gevent's: %s (%.2fx)", mode, r >= 1 ? "yes" : "NO", r));
            }
        }
        double u = median("unpatched") / sequential;
        lines.add(String.format(Locale.ROOT, "unpatched as slow as sequential, within 20%%: %s (%.2fx), the seed's point",
                Math.abs(u - 1) <= 0.2 ? "yes" : "NO", u));
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    /** Writes results.json and results.csv (every run) into {@code dir}; returns their paths. */
    public List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder json = new StringBuilder(String.format(Locale.ROOT, "{\"scenario\":\"crawl\",\"pages\":%d,\"latency_ms\":%d,"
                        + "\"concurrency\":%d,\"per_host\":%d,\"ideal_seconds\":%.6f,\"python\":%s,\"targets\":{", pages,
                plan.latency().toMillis(), plan.concurrency(), plan.perHost(), plan.idealSeconds(),
                pythonVersions == null ? "null" : LoadResult.quote(pythonVersions)));
        StringBuilder csv = new StringBuilder("target,run,seconds,first_seconds,pages,max_in_flight_per_host\n");
        String sep = "";
        for (var e : runs.entrySet()) {
            json.append(sep).append(LoadResult.quote(e.getKey())).append(String.format(Locale.ROOT, ":{\"median_seconds\":%s,\"runs\":[",
                    num(median(e.getKey()))));
            String rs = "";
            int i = 0;
            for (CrawlBench.Run r : e.getValue()) {
                json.append(rs).append(String.format(Locale.ROOT, "{\"seconds\":%s,\"first_seconds\":%s,\"pages\":%d,\"max_in_flight_per_host\":%d}",
                        num(r.seconds()), num(r.firstSeconds()), r.pages(), r.maxPerHost()));
                csv.append(String.format(Locale.ROOT, "%s,%d,%s,%s,%d,%d%n", e.getKey(), ++i, r.ok() ? num(r.seconds()) : "",
                        r.ok() ? num(r.firstSeconds()) : "", r.pages(), r.maxPerHost()));
                rs = ",";
            }
            json.append("]}");
            sep = ",";
        }
        json.append("}}\n");
        Path j = dir.resolve("results.json");
        Path c = dir.resolve("results.csv");
        Files.writeString(j, json);
        Files.writeString(c, csv);
        return List.of(j, c);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.6f", v);
    }
}
