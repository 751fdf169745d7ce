package org.iomodels.bench.processes;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench --scenario processes}: each figure of {@link ProcessProbe} and of CPython's
 * {@code multiprocessing} (its {@code spawn}, and for the start also {@code forkserver} and
 * {@code fork}), each in a fresh process, interleaved and repeated; medians and the ratio,
 * oriented so that above 1 is better for iomodels. The start is measured for both of our start
 * methods, and each of Python's is set against ours of the same name (fork against our forkserver).
 */
public final class ProcessBench {
    /** A figure: its probe name, how the table says it, whether more is better. */
    public record Figure(String probe, String label, boolean higherIsBetter) {}

    public static final List<Figure> FIGURES = List.of(
            new Figure("start", "child start to its first message, ms", false),
            new Figure("pipe", "pipe round trip of 16 bytes, us", false),
            new Figure("queue", "queue, ints/s from a child", true),
            new Figure("lock", "lock acquire/release pairs/s, 2 processes", true),
            new Figure("value", "Value increments/s under its lock, 2 processes", true));
    static final List<String> START_METHODS = List.of("spawn", "forkserver", "fork");
    /** Ours: a child started by a warm spare JVM (the default) or by a new JVM. */
    static final List<String> OUR_START_METHODS = List.of("forkserver", "spawn");

    /** The pool scenario's figures ({@code PoolProbe}, {@code pool_probe.py}). */
    public static final List<Figure> POOL_FIGURES = List.of(
            new Figure("map", "map of 200,000 tiny tasks, default chunks, tasks/s", true),
            new Figure("map1", "map of 20,000 tiny tasks, chunksize 1, tasks/s", true),
            new Figure("apply", "applyAsync of 20,000 tiny tasks, tasks/s", true),
            new Figure("cpu", "CPU-bound map: speed-up on one worker per core", true),
            new Figure("manager", "Manager dict sets/s from one process", true));

    /** What a scenario runs: its name, figures, Java probe class and its JVM's own options, and Python script. */
    public record Suite(String name, List<Figure> figures, String probeClass, List<String> jvmOptions, String script) {}

    public static final Suite PROCESSES = new Suite("processes", FIGURES, ProcessProbe.class.getName(), List.of(), "mp_probe.py");
    /**
     * The pool's probe JVM (and so its workers, which take its options) touches its heap's pages
     * at start: a fresh JVM's first maps otherwise run at a fifth of the rate while its young
     * generation's pages are faulted in for the first time (slow on this VM: see the README's Pool section).
     */
    public static final Suite POOL = new Suite("pool", POOL_FIGURES, "org.iomodels.bench.pool.PoolProbe", List.of("-XX:+AlwaysPreTouch"),
            "pool_probe.py");

    private final Suite suite;
    private final List<String> java;
    private final String python;
    private final PrintStream progress;

    public ProcessBench(List<String> java, String python, PrintStream progress) {
        this(PROCESSES, java, python, progress);
    }

    public ProcessBench(Suite suite, List<String> java, String python, PrintStream progress) {
        this.suite = suite;
        this.java = List.copyOf(java);
        this.python = python;
        this.progress = progress;
    }

    /** Values per figure and target ("iomodels", "python-spawn", ...), in run order. */
    public Map<String, Map<String, List<Double>>> run(int repeat) throws IOException, InterruptedException {
        Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
        Path script = python == null ? null : org.iomodels.bench.Probes.pythonScript(suite.script());
        for (int r = 1; r <= repeat; r++) {
            for (Figure f : suite.figures()) {
                boolean start = f.probe().equals("start");
                List<String> targets = new ArrayList<>(start ? OUR_START_METHODS.stream().map(m -> "iomodels-" + m).toList() : List.of("iomodels"));
                if (python != null) {
                    targets.addAll(f.probe().equals("start") ? START_METHODS.stream().map(m -> "python-" + m).toList() : List.of("python-spawn"));
                }
                for (String target : targets) {
                    progress.printf("%s: %s %s, run %d of %d%n", suite.name(), target, f.probe(), r, repeat);
                    List<String> cmd = new ArrayList<>();
                    if (target.startsWith("iomodels")) {
                        cmd.addAll(java);
                        cmd.addAll(suite.jvmOptions());
                        cmd.addAll(List.of(suite.probeClass(), f.probe()));
                        if (start) {
                            cmd.add(target.substring("iomodels-".length()));
                        }
                    } else {
                        cmd.addAll(List.of(python, script.toString(), f.probe(), target.substring("python-".length())));
                    }
                    values.computeIfAbsent(f.probe(), k -> new LinkedHashMap<>()).computeIfAbsent(target, k -> new ArrayList<>())
                            .add(org.iomodels.bench.Probes.measure(cmd, f.probe(), 180, progress));
                }
            }
        }
        return values;
    }

    /** The table: per figure and target the median [min-max], and iomodels over the target, above 1 better. */
    public static String table(Map<String, Map<String, List<Double>>> values, int repeat, String python) {
        return table(PROCESSES, values, repeat, python);
    }

    public static String table(Suite suite, Map<String, Map<String, List<Double>>> values, int repeat, String python) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%s: medians of %d runs, each a fresh process%s%s%n%n", suite.name(), repeat,
                python == null ? "" : "; peer: CPython's multiprocessing (" + python + ")",
                suite.jvmOptions().isEmpty() ? "" : "; iomodels' JVM options: " + String.join(" ", suite.jvmOptions())));
        t.append(String.format(Locale.ROOT, "%-48s %-16s %24s %10s%n", "figure", "target", "median [min-max]", "x"));
        for (Figure f : suite.figures()) {
            Map<String, List<Double>> byTarget = values.getOrDefault(f.probe(), Map.of());
            for (var e : byTarget.entrySet()) {
                double ours = median(byTarget.getOrDefault(oursFor(e.getKey(), byTarget), List.of()));
                double m = median(e.getValue());
                double ratio = f.higherIsBetter() ? ours / m : m / ours;
                double min = e.getValue().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
                double max = e.getValue().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
                t.append(String.format(Locale.ROOT, "%-48s %-16s %24s %10s%n", f.label(), e.getKey(),
                        fmt(m) + " [" + fmt(min) + "-" + fmt(max) + "]", e.getKey().startsWith("iomodels") ? "" : String.format(Locale.ROOT, "%.2f", ratio)));
            }
        }
        return t.toString();
    }

    /**
     * results.json: every figure's runs per target, in the shape the green scenario writes
     * ({@code figures}: figure, label, target, higherIsBetter, median, runs), for the report. NaN is null.
     */
    public static String json(Suite suite, Map<String, Map<String, List<Double>>> values, int repeat, String python) {
        com.fasterxml.jackson.databind.node.ObjectNode root = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        root.put("scenario", suite.name()).put("repeat", repeat).put("peer", python == null ? null : "CPython's multiprocessing (" + python + ")");
        com.fasterxml.jackson.databind.node.ArrayNode figures = root.putArray("figures");
        for (Figure f : suite.figures()) {
            for (var e : values.getOrDefault(f.probe(), Map.of()).entrySet()) {
                var row = figures.addObject().put("figure", f.probe()).put("label", f.label()).put("target", e.getKey())
                        .put("higherIsBetter", f.higherIsBetter());
                double m = median(e.getValue());
                if (Double.isNaN(m)) {
                    row.putNull("median");
                } else {
                    row.put("median", m);
                }
                var runs = row.putArray("runs");
                e.getValue().forEach(v -> {
                    if (Double.isNaN(v)) {
                        runs.addNull();
                    } else {
                        runs.add(v);
                    }
                });
            }
        }
        return root.toPrettyString() + "\n";
    }

    /** What a peer's row is set against: ours of the same start method (python-spawn: iomodels-spawn), else our first row. */
    static String oursFor(String target, Map<String, List<Double>> byTarget) {
        String same = "iomodels-" + target.substring(target.indexOf('-') + 1);
        if (byTarget.containsKey(same)) {
            return same;
        }
        return byTarget.keySet().stream().filter(k -> k.startsWith("iomodels")).findFirst().orElse("iomodels");
    }

    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "failed" : v >= 10_000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
