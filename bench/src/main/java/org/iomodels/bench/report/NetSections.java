package org.iomodels.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The sections of the network scenarios (echo, idle, memory, http), from {@code results.json}'s
 * runs: throughput by target and connection count with the ratio to the baseline on hover,
 * latency on a percentile axis, CPU per message split user/kernel, syscalls per message, memory
 * per connection, and every run as a row.
 */
final class NetSections {
    private final JsonNode root;
    private final Page page;
    private final String scenario;
    private final boolean http;
    private final String rate;
    private final String baseline;
    private final List<String> targets = new ArrayList<>();
    private final List<Integer> counts = new ArrayList<>();
    /** (target, conns) → indexes of its runs that ran. */
    private final Map<String, List<Integer>> ran = new LinkedHashMap<>();

    NetSections(JsonNode root, Page page) {
        this.root = root;
        this.page = page;
        this.scenario = root.path("config").path("scenario").asText();
        this.http = scenario.equals("http");
        this.rate = http ? "requests/s" : "msgs/s";
        this.baseline = root.path("config").path("baseline").asText(null);
        Set<String> t = new LinkedHashSet<>();
        Set<Integer> c = new LinkedHashSet<>();
        JsonNode runs = root.path("runs");
        for (int i = 0; i < runs.size(); i++) {
            JsonNode r = runs.get(i);
            t.add(r.path("target").asText());
            c.add(conns(r));
            if (r.path("skip").isNull() || r.path("skip").isMissingNode()) {
                ran.computeIfAbsent(key(r.path("target").asText(), conns(r)), k -> new ArrayList<>()).add(i);
            }
        }
        targets.addAll(t);
        counts.addAll(c);
        counts.sort(Integer::compare);
    }

    static int conns(JsonNode run) {
        int idle = run.path("idle").asInt();
        return idle > 0 ? idle : run.path("busy").asInt();
    }

    private static String key(String target, int conns) {
        return target + "@" + conns;
    }

    private String connsName(int n) {
        return scenario.equals("idle") ? n + " idle" : n + (n == 1 ? " conn" : " conns");
    }

    /** The median of field {@code f} over the runs of {@code target} at {@code conns} that ran; NaN if none has it. */
    double median(String target, int conns, String f) {
        return Stats.median(values(target, conns, r -> r.path(f).isNumber() ? r.path(f).asDouble() : Double.NaN));
    }

    private List<Double> values(String target, int conns, ToDoubleFunction<JsonNode> f) {
        List<Double> v = new ArrayList<>();
        for (int i : ran.getOrDefault(key(target, conns), List.of())) {
            double d = f.applyAsDouble(root.path("runs").get(i));
            if (!Double.isNaN(d)) {
                v.add(d);
            }
        }
        return v;
    }

    void write() {
        if (scenario.equals("memory")) {
            perTarget("Memory per connection", "rss_bytes_per_conn", "resident bytes per connection", false,
                    "RSS/conn: the server's resident memory grown per idle connection, median of the runs");
            perTarget(null, "heap_bytes_per_conn", "Java heap bytes per connection", false, "heap/conn: JVM servers only");
        } else {
            Page.Section s = page.section((http ? "HTTP requests/s" : "Throughput") + " by target and connection count");
            page.add(s, throughput());
            latency();
            cpu();
            perTarget("Syscalls per " + (http ? "request" : "message"), "syscalls_per_msg", "syscalls per " + (http ? "request" : "message"),
                    false, "counted by our engines' own counters; peers print none");
        }
        runsTable();
    }

    private Chart throughput() {
        List<Chart.Series> series = new ArrayList<>();
        for (int c : counts) {
            List<Double> data = new ArrayList<>();
            List<String> tips = new ArrayList<>();
            double base = baseline == null ? Double.NaN : median(baseline, c, "msgs_per_s");
            for (String t : targets) {
                double m = median(t, c, "msgs_per_s");
                data.add(Chart.value(m));
                List<Double> all = values(t, c, r -> r.path("msgs_per_s").asDouble(Double.NaN));
                tips.add(Double.isNaN(m) ? "did not run" : String.format(Locale.ROOT, "x%s of %s; %d run%s, %s-%s", Html.num(m / base), baseline,
                        all.size(), all.size() == 1 ? "" : "s", Html.num(Stats.min(all)), Html.num(Stats.max(all))));
            }
            series.add(Chart.Series.of(connsName(c), data, tips));
        }
        return new Chart(page.chartId(), rate + " by target", "bar", "target", rate, targets, series, false,
                "median of the runs; hover: the ratio to " + baseline + " at the same connection count, and the runs' min-max");
    }

    /** One percentile chart per connection count: each target's latency, the median of its runs at each percentile. */
    private void latency() {
        Page.Section s = page.section("Latency percentiles");
        for (int c : counts) {
            List<Chart.Series> series = new ArrayList<>();
            for (String t : targets) {
                List<List<Double>> points = Stats.medianPoints(ran.getOrDefault(key(t, c), List.of()).stream()
                        .map(i -> Stats.distribution(root.path("runs").get(i))).toList());
                if (!points.isEmpty()) {
                    series.add(Chart.Series.points(t, points));
                }
            }
            if (!series.isEmpty()) {
                page.add(s, new Chart(page.chartId(), "latency at " + connsName(c), "percentile", "percentile", "µs", null, series, true,
                        http ? "wrk's percentiles (50, 75, 90, 99) and max" : "the load's HdrHistogram, median of the runs at each percentile"));
            }
        }
    }

    /** Server CPU per message, user and kernel stacked, one chart per connection count. */
    private void cpu() {
        Page.Section s = page.section("Server CPU per " + (http ? "request" : "message"));
        for (int c : counts) {
            List<Double> user = new ArrayList<>();
            List<Double> kernel = new ArrayList<>();
            for (String t : targets) {
                double cpu = median(t, c, "cpu_s_per_million"); // CPU s per million = µs per message
                double share = median(t, c, "cpu_system_share");
                user.add(Chart.value(cpu * (1 - share)));
                kernel.add(Chart.value(cpu * share));
            }
            page.add(s, new Chart(page.chartId(), "CPU µs per " + (http ? "request" : "message") + " at " + connsName(c), "stack", "target",
                    "µs", targets, List.of(Chart.Series.of("user", user, null), Chart.Series.of("kernel", kernel, null)), false,
                    "the server's CPU (/proc/PID/stat) over the messages it echoed; kernel: its system time"));
        }
    }

    private void perTarget(String title, String field, String yName, boolean log, String note) {
        Page.Section s = title == null ? page.sections.getLast() : page.section(title);
        List<Chart.Series> series = new ArrayList<>();
        boolean any = false;
        for (int c : counts) {
            List<Double> data = new ArrayList<>();
            for (String t : targets) {
                Double v = Chart.value(median(t, c, field));
                any |= v != null;
                data.add(v);
            }
            series.add(Chart.Series.of(connsName(c), data, null));
        }
        if (any) {
            page.add(s, new Chart(page.chartId(), yName, "bar", "target", yName, targets, series, log, note));
        }
    }

    private static final List<String> COLUMNS = List.of("msgs_per_s", "p50_us", "p99_us", "p999_us", "max_us", "cpu_s_per_million",
            "cpu_system_share", "syscalls_per_msg", "threads", "peak_rss_kib", "rss_bytes_per_conn", "heap_bytes_per_conn", "errors");

    private void runsTable() {
        Page.Section s = page.section("Every run");
        List<String> head = new ArrayList<>(List.of("target", "busy", "idle", "repeat"));
        head.addAll(COLUMNS);
        s.html(Html.head(head));
        JsonNode runs = root.path("runs");
        for (int i = 0; i < runs.size(); i++) {
            JsonNode r = runs.get(i);
            s.html("<tr>" + Html.td(r.path("target").asText()) + Html.cell(root, "/runs/" + i + "/busy") + Html.cell(root, "/runs/" + i + "/idle")
                    + Html.cell(root, "/runs/" + i + "/repeat"));
            for (String c : COLUMNS) {
                s.html(Html.cell(root, "/runs/" + i + "/" + c));
            }
            s.html("</tr>\n");
        }
        s.html(Html.end());
    }
}
