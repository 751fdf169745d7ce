package org.iomodels.bench.green;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench --scenario green}: the green-thread figures of iomodels and of the seeds' own
 * libraries (greenlet and gevent), each figure in a fresh process, the targets interleaved and
 * repeated; medians with min-max and the ratio iomodels / gevent, oriented so that above 1 is better.
 */
public final class GreenBench {
    /** One measured quantity: its probe name, how the table names it, and whether more is better. */
    public record Figure(String probe, String label, boolean higherIsBetter) {}

    public static final List<Figure> FIGURES = List.of(
            new Figure("switches", "greenlet switches/s (ping-pong)", true),
            new Figure("spawn", "spawn+join of 100,000, greenlets/s", true),
            new Figure("sleep0", "sleep(0) switches/s, 2 greenlets", true),
            new Figure("queue", "queue round trips/s", true),
            new Figure("memory", "resident bytes per sleeping greenlet (100,000)", false),
            new Figure("sleepers", "100,000 greenlets sleeping 0.5 s: wall s", false));

    static final String OURS = "iomodels";
    static final String PEER = "python-gevent";
    private static final long CHILD_SECONDS = 120;

    private final List<String> java;
    private final String python;
    private final Path out;
    private final PrintStream progress;

    /**
     * @param java   the JVM command and class path for {@link GreenProbe}
     * @param python a python3 that has greenlet and gevent, or null to measure iomodels alone
     */
    public GreenBench(List<String> java, String python, Path out, PrintStream progress) {
        this.java = List.copyOf(java);
        this.python = python;
        this.out = out;
        this.progress = progress;
    }

    /** Each figure of each target {@code repeat} times, interleaved; values per figure and target, in run order. */
    public Map<String, Map<String, List<Double>>> run(int repeat) throws IOException, InterruptedException {
        Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
        Path script = python == null ? null : script();
        int total = repeat * FIGURES.size() * (python == null ? 1 : 2);
        int done = 0;
        for (int r = 1; r <= repeat; r++) {
            for (Figure f : FIGURES) {
                for (String target : python == null ? List.of(OURS) : List.of(OURS, PEER)) {
                    progress.printf("[%d/%d] %s %s, run %d of %d%n", ++done, total, target, f.probe(), r, repeat);
                    List<String> cmd = new ArrayList<>();
                    if (target.equals(OURS)) {
                        cmd.addAll(java);
                        cmd.addAll(List.of(GreenProbe.class.getName(), f.probe()));
                    } else {
                        cmd.addAll(List.of(python, script.toString(), f.probe()));
                    }
                    values.computeIfAbsent(f.probe(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(target, k -> new ArrayList<>()).add(measure(cmd, f.probe()));
                }
            }
        }
        return values;
    }

    /** Runs one probe process and reads its line {@code FIGURE VALUE}; NaN (and a note) when it fails. */
    private double measure(List<String> cmd, String figure) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            if (!p.waitFor(CHILD_SECONDS, TimeUnit.SECONDS)) {
                progress.println("  " + figure + ": no result within " + CHILD_SECONDS + " s: ended");
                return Double.NaN;
            }
            String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String[] parts = line.split(" ");
            if (p.exitValue() != 0 || parts.length != 2 || !parts[0].equals(figure)) {
                progress.println("  " + figure + ": the probe failed (exit " + p.exitValue() + ", printed '" + line + "')");
                return Double.NaN;
            }
            return Double.parseDouble(parts[1]);
        } finally {
            p.destroyForcibly();
        }
    }

    private Path script() throws IOException {
        Files.createDirectories(out);
        Path target = out.resolve("green_probe.py");
        try (InputStream in = GreenBench.class.getResourceAsStream("/org/iomodels/bench/python/green_probe.py")) {
            if (in == null) {
                throw new IOException("the bench jar lacks python/green_probe.py");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** A python3 that can import greenlet and gevent (Debian's /usr/bin/python3 first), or null. */
    public static String findPython() {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import greenlet, gevent").redirectErrorStream(true).start();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // not there: the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** "greenlet 2.0.2, gevent 22.10.2" of {@code python}. */
    public static String versions(String python) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python, "-c",
                "import greenlet, gevent; print('greenlet ' + greenlet.__version__ + ', gevent ' + gevent.__version__)")
                .redirectErrorStream(true).start();
        try {
            p.waitFor(20, TimeUnit.SECONDS);
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } finally {
            p.destroyForcibly();
        }
    }

    /** What a missing peer is skipped with. */
    public static final String PYTHON_MISSING = "python-gevent skipped: no python3 with greenlet and gevent"
            + " (Debian: apt-get install python3-greenlet python3-gevent)";

    static double median(List<Double> v) {
        List<Double> s = v.stream().filter(d -> !d.isNaN()).sorted().toList();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "failed";
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 1e4) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v);
    }
}
