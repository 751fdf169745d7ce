package org.iomodels.bench.crawl;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench --scenario crawl}: one local site ({@link CrawlSite}) crawled by every mode of
 * {@code crawl} and by the seeds' own stack (gevent + urllib after {@code monkey.patch_all()}),
 * each run a fresh process, the targets interleaved and repeated, every run checked to have
 * fetched every page.
 */
public final class CrawlBench {
    /**
     * The site and the crawl: {@code hosts} hosts of {@code pagesPerHost} pages and a front page
     * each, every response {@code latency} late, crawled to depth 1 with {@code concurrency} in
     * flight and {@code perHost} to one host, each process crawling {@code warmupSeconds} before
     * the crawl it reports.
     */
    public record Plan(int hosts, int pagesPerHost, Duration latency, int concurrency, int perHost, double warmupSeconds) {
        /** 204 pages on 4 hosts at 50 ms, a web latency: the ideal crawl is 0.64 s, the sequential one 10 s; 2 s of warm-up crawls. */
        public static final Plan DEFAULT = new Plan(4, 50, Duration.ofMillis(50), 16, 4, 2);

        public int pages() {
            return hosts * (pagesPerHost + 1);
        }

        /** The ideal wall time: pages x latency / the requests that can be in flight (concurrency, or hosts x per-host if fewer). */
        public double idealSeconds() {
            return pages() * latency.toNanos() / 1e9 / inFlight();
        }

        public int inFlight() {
            return Math.min(concurrency, hosts * perHost);
        }
    }

    public static final int DEPTH = 1;
    public static final List<String> MODES = List.of("sequential", "green", "unpatched", "virtual");
    public static final String PYTHON = "python-gevent";
    private static final long CHILD_SECONDS = 120;

    /**
     * One run: the second crawl's seconds (the first, cold, is {@code firstSeconds}), the pages it
     * fetched, the most it had in flight to one host; NaN seconds if it failed.
     */
    public record Run(double seconds, double firstSeconds, long pages, long maxPerHost) {
        boolean ok() {
            return !Double.isNaN(seconds);
        }
    }

    private final Plan plan;
    private final List<String> java;
    private final String python;
    private final PrintStream progress;

    /** @param java the JVM command and class path for {@link CrawlProbe}; {@code python} a python3 with gevent, or null */
    public CrawlBench(Plan plan, List<String> java, String python, PrintStream progress) {
        this.plan = plan;
        this.java = List.copyOf(java);
        this.python = python;
        this.progress = progress;
    }

    public List<String> targets() {
        List<String> t = new ArrayList<>(MODES);
        if (python != null) {
            t.add(PYTHON);
        }
        return t;
    }

    /** Every target {@code repeat} times, interleaved; the runs per target, in run order, and the site's page count first. */
    public Map<String, List<Run>> run(int repeat) throws IOException, InterruptedException {
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        Path script = python == null ? null : org.iomodels.bench.Probes.pythonScript("crawl_gevent.py");
        try (CrawlSite site = new CrawlSite(plan.hosts(), plan.pagesPerHost(), plan.latency())) {
            int total = repeat * targets().size();
            int done = 0;
            for (int r = 1; r <= repeat; r++) {
                for (String target : targets()) {
                    progress.printf("[%d/%d] crawl %s, run %d of %d%n", ++done, total, target, r, repeat);
                    List<String> cmd = new ArrayList<>();
                    if (target.equals(PYTHON)) {
                        cmd.addAll(List.of(python, script.toString(), "--concurrency", "" + plan.concurrency(), "--per-host", "" + plan.perHost(),
                                "--depth", "" + DEPTH, "--warmup", "" + plan.warmupSeconds()));
                    } else {
                        cmd.addAll(java);
                        cmd.addAll(List.of(CrawlProbe.class.getName(), target, "" + plan.concurrency(), "" + plan.perHost(), "" + DEPTH,
                                "" + plan.warmupSeconds()));
                    }
                    cmd.addAll(site.frontPages());
                    runs.computeIfAbsent(target, k -> new ArrayList<>()).add(measure(cmd, target, site.totalPages()));
                }
            }
        }
        return runs;
    }

    private static final Pattern NUMBER = Pattern.compile("\"(seconds|first_seconds|pages|max_in_flight_per_host|errors)\":\\s*([0-9.eE+-]+)");

    private Run measure(List<String> cmd, String target, int expected) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(CHILD_SECONDS, TimeUnit.SECONDS)) {
                progress.println("  " + target + ": no result within " + CHILD_SECONDS + " s: ended");
                return new Run(Double.NaN, Double.NaN, 0, 0);
            }
            String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            Map<String, Double> v = new LinkedHashMap<>();
            for (Matcher m = NUMBER.matcher(json); m.find(); ) {
                v.put(m.group(1), Double.parseDouble(m.group(2)));
            }
            if (p.exitValue() != 0 || !v.containsKey("seconds") || !v.containsKey("pages")) {
                progress.println("  " + target + ": the crawl failed (exit " + p.exitValue() + ", printed '" + json + "')");
                return new Run(Double.NaN, Double.NaN, 0, 0);
            }
            long pages = v.get("pages").longValue();
            if (pages != expected || v.getOrDefault("errors", 0.0) > 0) {
                progress.println("  " + target + ": fetched " + pages + " of " + expected + " pages, " + v.getOrDefault("errors", 0.0).longValue()
                        + " errors: not counted");
                return new Run(Double.NaN, Double.NaN, pages, 0);
            }
            return new Run(v.get("seconds"), v.getOrDefault("first_seconds", Double.NaN), pages, v.getOrDefault("max_in_flight_per_host", 0.0).longValue());
        } finally {
            p.destroyForcibly();
        }
    }


}
