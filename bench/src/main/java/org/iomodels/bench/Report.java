package org.iomodels.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.iomodels.bench.BenchConfig.Scenario;

/**
 * The bench's output: per target and connection count, the median of the repeats with their
 * min-max (one lucky run cannot fake a ranking), a ratio to the baseline, and every run as data
 * in {@code results.json} and {@code results.csv}.
 */
public final class Report {
    /** One target at one connection count, over its repeats. */
    record Row(String target, int conns, List<RunResult> runs) {
        List<RunResult> ran() {
            return runs.stream().filter(RunResult::ran).toList();
        }

        double median(ToDoubleFunction<RunResult> f) {
            double[] v = ran().stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).sorted().toArray();
            if (v.length == 0) {
                return Double.NaN;
            }
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }

        double min(ToDoubleFunction<RunResult> f) {
            return ran().stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).min().orElse(Double.NaN);
        }

        double max(ToDoubleFunction<RunResult> f) {
            return ran().stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
        }

        long errors() {
            return runs.stream().mapToLong(RunResult::errors).sum();
        }

        String skip() {
            return ran().isEmpty() ? runs.getFirst().skip() : null;
        }
    }

    private final BenchConfig config;
    private final List<RunResult> results;
    final List<Row> rows = new ArrayList<>();

    public Report(BenchConfig config, List<RunResult> results) {
        this.config = config;
        this.results = List.copyOf(results);
        for (int conns : config.conns()) {
            for (String target : config.targets()) {
                List<RunResult> runs = results.stream()
                        .filter(r -> r.target().equals(target) && r.conns() == conns).toList();
                if (!runs.isEmpty()) {
                    rows.add(new Row(target, conns, runs));
                }
            }
        }
    }

    /** The baseline's median msgs/s at {@code conns}, or NaN when it did not run. */
    private double baseline(int conns) {
        return rows.stream().filter(r -> r.conns() == conns && r.target().equals(config.baseline()))
                .mapToDouble(r -> r.median(RunResult::msgsPerSec)).findFirst().orElse(Double.NaN);
    }

    /** The table a person reads. */
    public String table() {
        StringBuilder s = new StringBuilder(heading());
        boolean http = config.scenario() == Scenario.HTTP;
        for (Row r : rows) {
            String conns = Integer.toString(r.conns());
            if (r.skip() != null) {
                // A run that failed says so; "skipped" is for a target that cannot run here.
                String why = r.skip().startsWith("failed: ") ? r.skip() : "skipped: " + r.skip();
                s.append(String.format("%-6s %-17s %s%n", conns, r.target(), why));
                continue;
            }
            if (config.scenario() == Scenario.MEMORY) {
                s.append(String.format(Locale.ROOT, "%-6s %-17s %14s %14s %8s %10s%n", conns, r.target(),
                        bytes(r.median(RunResult::rssPerConn)), bytes(r.median(RunResult::heapPerConn)),
                        fmt("%.0f", r.median(RunResult::threads)), kib(r.median(RunResult::peakRssKiB))));
            } else {
                double mps = r.median(RunResult::msgsPerSec);
                s.append(String.format(Locale.ROOT, "%-6s %-17s %28s %6s %9s %9s %9s %14s %8s %9s %8s %12s%n", conns, r.target(),
                        config.repeat() == 1 ? String.format(Locale.ROOT, "%,.0f", mps) : String.format(Locale.ROOT, "%,.0f [%s-%s]",
                                mps, kilo(r.min(RunResult::msgsPerSec)), kilo(r.max(RunResult::msgsPerSec))),
                        fmt("%.2f", mps / baseline(r.conns())),
                        us(r.median(RunResult::p50)), us(r.median(RunResult::p99)), us(r.median(http ? RunResult::max : RunResult::p999)),
                        fmt("%.2f", r.median(RunResult::cpuPerMillion)) + fmt(" (%.0f%%)", 100 * r.median(RunResult::systemShare)),
                        fmt("%.2f", r.median(RunResult::loadCores)), kib(r.median(RunResult::peakRssKiB)),
                        fmt("%.0f", r.median(RunResult::threads)), fmt("%.2f", r.median(RunResult::syscallsPerMsg))));
            }
            if (r.errors() > 0) {
                String first = r.runs().stream().map(RunResult::firstError).filter(e -> e != null).findFirst().orElse("");
                s.append(String.format("       %d %s error%s: %s%n", r.errors(), http ? "wrk" : "load", r.errors() == 1 ? "" : "s", first));
            }
        }
        return s.toString();
    }

    /**
     * The table's first lines: what was measured, how to read the columns, then the column names.
     * One run per row quotes its figure alone: a median and a min-max of one value say nothing.
     */
    private String heading() {
        StringBuilder s = new StringBuilder();
        Scenario sc = config.scenario();
        boolean http = sc == Scenario.HTTP;
        boolean memory = sc == Scenario.MEMORY;
        boolean spread = config.repeat() > 1;
        String what = switch (sc) {
            case HTTP -> "GET " + HttpRun.PATH + (config.pipeline() > 1 ? ", " + config.pipeline() + " pipelined" : "")
                    + ", " + num(config.duration()) + " s measured after " + num(config.warmup()) + " s warm-up";
            case MEMORY -> "idle connections, sampled once the server holds them all, after " + num(config.warmup()) + " s warm-up";
            case ECHO, IDLE -> config.size() + " B, " + num(config.duration()) + " s measured after " + num(config.warmup()) + " s warm-up";
        };
        String runs = spread ? "medians of " + config.repeat() + " runs" + (memory ? "" : " [min-max]") : "1 run";
        String rate = http ? "req/s" : "msgs/s";
        s.append(String.format(Locale.ROOT, "scenario %s, %s, %d loop%s, %s%s%n", sc.label(), what, config.loops(),
                config.loops() == 1 ? "" : "s", runs, memory ? "" : ", x = " + rate + " / " + config.baseline() + "'s"));
        if (memory) {
            s.append(String.format("%-6s %-17s %14s %14s %8s %10s%n", "conns", "target", "RSS/conn", "heap/conn", "threads", "peak RSS"));
            return s.toString();
        }
        if (sc == Scenario.IDLE) {
            s.append("idle: silent connections beside the one busy connection whose messages are measured\n");
        }
        s.append(String.format(Locale.ROOT, "CPU s/M: server CPU seconds per million %s, (sys) the kernel's share;"
                + " load CPU: cores the %s used (near %d, the client was the limit)%n",
                http ? "requests" : "messages", http ? "wrk client" : "client", config.loadThreads()));
        if (http && config.pipeline() > 1) {
            s.append("latency: wrk times a whole batch of pipelined requests, and prints some percentiles of it as 0 (wg/wrk#236): '-'\n");
        }
        s.append(String.format("%-6s %-17s %28s %6s %9s %9s %9s %14s %8s %9s %8s %12s%n", sc == Scenario.IDLE ? "idle" : "conns", "target",
                rate + (spread ? " [min-max]" : ""), "x", "p50", "p99", http ? "max" : "p99.9", "CPU s/M (sys)", "load CPU", "peak RSS",
                "threads", http ? "syscalls/req" : "syscalls/msg"));
        return s.toString();
    }

    /** Writes results.json and results.csv into the output directory; returns their paths. */
    public List<Path> write() throws IOException {
        Path json = config.out().resolve("results.json");
        Path csv = config.out().resolve("results.csv");
        Files.writeString(json, json());
        Files.writeString(csv, csv());
        return List.of(json, csv);
    }

    private static final String[] COLUMNS = {"target", "busy", "idle", "repeat", "skip", "msgs_per_s", "p50_us", "p90_us",
        "p99_us", "p999_us", "max_us", "cpu_s_per_million", "cpu_system_share", "load_cores", "peak_rss_kib", "threads", "syscalls_per_msg",
        "rss_bytes_per_conn", "heap_bytes_per_conn", "errors", "first_error", "p75_us", "bytes_per_s", "distribution"};

    private static Object[] values(RunResult r) {
        return new Object[] {r.target(), r.busy(), r.idle(), r.repeat(), r.skip(), r.msgsPerSec(), r.p50(), r.p90(), r.p99(),
            r.p999(), r.max(), r.cpuPerMillion(), r.systemShare(), r.loadCores(), r.peakRssKiB(), r.threads(), r.syscallsPerMsg(), r.rssPerConn(),
            r.heapPerConn(), r.errors(), r.firstError(), r.p75(), r.bytesPerSec(),
            r.distribution() == null ? null : new RawJson(r.distribution())};
    }

    String csv() {
        int n = COLUMNS.length - 1; // the distribution is JSON's alone
        StringBuilder s = new StringBuilder(String.join(",", Arrays.copyOf(COLUMNS, n))).append('\n');
        for (RunResult r : results) {
            s.append(String.join(",", Arrays.stream(values(r)).limit(n).map(Report::csvValue).toList())).append('\n');
        }
        return s.toString();
    }

    String json() {
        StringBuilder s = new StringBuilder("{\n  \"config\": ");
        s.append(String.format(Locale.ROOT, "{\"scenario\":\"%s\",\"load\":\"%s\",\"size\":%d,\"pipeline\":%d,\"duration_s\":%s,\"warmup_s\":%s,"
                        + "\"repeat\":%d,\"loops\":%d,\"load_threads\":%d,\"baseline\":\"%s\",\"cores\":%d,\"java\":\"%s\"},\n",
                config.scenario().label(), config.scenario() == Scenario.HTTP ? "wrk GET " + HttpRun.PATH : "iomodels load",
                config.size(), config.pipeline(), num(config.duration()), num(config.warmup()),
                config.repeat(), config.loops(), config.loadThreads(), config.baseline(),
                Runtime.getRuntime().availableProcessors(), Runtime.version()));
        s.append("  \"runs\": [\n");
        for (int i = 0; i < results.size(); i++) {
            Object[] v = values(results.get(i));
            s.append("    {");
            for (int c = 0; c < COLUMNS.length; c++) {
                s.append(c == 0 ? "" : ",").append('"').append(COLUMNS[c]).append("\":").append(jsonValue(v[c]));
            }
            s.append(i + 1 < results.size() ? "},\n" : "}\n");
        }
        return s.append("  ]\n}\n").toString();
    }

    /** A value already in JSON (the load's distribution): written as it is into results.json, not in the CSV. */
    private record RawJson(String json) {}

    private static String csvValue(Object v) {
        if (v == null || (v instanceof Double d && d.isNaN())) {
            return "";
        }
        String t = v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v.toString();
        return t.contains(",") || t.contains("\"") ? "\"" + t.replace("\"", "\"\"") + "\"" : t;
    }

    private static String jsonValue(Object v) {
        if (v == null || (v instanceof Double d && d.isNaN())) {
            return "null";
        }
        if (v instanceof RawJson raw) {
            return raw.json();
        }
        if (v instanceof String str) {
            return '"' + str.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
        }
        return v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v.toString();
    }

    private static String fmt(String format, double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, format, v);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String kilo(double v) {
        return Double.isNaN(v) ? "-" : v >= 1000 ? String.format(Locale.ROOT, "%.0fk", v / 1000) : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String us(double v) {
        return Double.isNaN(v) ? "-" : v >= 10_000 ? String.format(Locale.ROOT, "%.1fms", v / 1000) : String.format(Locale.ROOT, "%.0fus", v);
    }

    private static String kib(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f MiB", v / 1024);
    }

    private static String bytes(double v) {
        return Double.isNaN(v) ? "-" : Math.abs(v) >= 10_240 ? String.format(Locale.ROOT, "%.1f KiB", v / 1024)
                : String.format(Locale.ROOT, "%.0f B", v);
    }
}
