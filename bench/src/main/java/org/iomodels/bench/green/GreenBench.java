package org.iomodels.bench.green;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    private final PrintStream progress;

    /**
     * @param java   the JVM command and class path for {@link GreenProbe}
     * @param python a python3 that has greenlet and gevent, or null to measure iomodels alone
     */
    public GreenBench(List<String> java, String python, PrintStream progress) {
        this.java = List.copyOf(java);
        this.python = python;
        this.progress = progress;
    }

    /** Each figure of each target {@code repeat} times, interleaved; values per figure and target, in run order. */
    public Map<String, Map<String, List<Double>>> run(int repeat) throws IOException, InterruptedException {
        Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
        Path script = python == null ? null : org.iomodels.bench.Probes.pythonScript("green_probe.py");
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
                            .computeIfAbsent(target, k -> new ArrayList<>()).add(org.iomodels.bench.Probes.measure(cmd, f.probe(), CHILD_SECONDS, progress));
                }
            }
        }
        return values;
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
