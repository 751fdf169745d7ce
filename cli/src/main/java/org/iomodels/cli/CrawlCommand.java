package org.iomodels.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.iomodels.crawl.CrawlOptions;
import org.iomodels.crawl.CrawlOptions.Mode;
import org.iomodels.crawl.CrawlSummary;
import org.iomodels.crawl.Crawler;
import org.iomodels.crawl.ShardedCrawler;
import org.iomodels.crawl.Urls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code iomodels crawl}: seed 004's crawler, made polite and real, in four modes; {@code --compare} times it against the sequential one. */
@Command(name = "crawl",
        mixinStandardHelpOptions = true,
        description = {"Fetch URLs, and with --depth the pages they link to, politely: a per-host limit and pacing, robots.txt,"
                + " retries with backoff, each page once.",
                "Modes: sequential (one fetch after another), green (greenlets with the cooperative HTTP client: gevent after"
                        + " monkey.patch_all()), unpatched (greenlets calling a blocking client: serial, and the hub says why),"
                        + " virtual (virtual threads with java.net.http, https too).",
                "--processes N shards the hosts across N processes, each a hub of greenlets: one summary, the per-host limit kept.",
                "Exit 0 when the crawl ran (HTTP errors are results, counted), 1 when no URL could be fetched, 2 for bad usage."})
final class CrawlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URL", arity = "0..*", description = "Where to start: absolute http:// or https:// URLs.")
    List<String> urls = new ArrayList<>();

    @Option(names = "--mode", defaultValue = "green", description = "sequential, green, unpatched or virtual (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--concurrency", defaultValue = "16", description = "Fetches in flight in all (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--per-host", defaultValue = "4", description = "Fetches in flight to one host (default: ${DEFAULT-VALUE}).")
    int perHost;

    @Option(names = "--delay", defaultValue = "0", paramLabel = "MS",
            description = "Milliseconds between the starts of two requests to one host; robots.txt's Crawl-delay wins if longer (default: ${DEFAULT-VALUE}).")
    long delayMillis;

    @Option(names = "--depth", defaultValue = "0", description = "Link hops to follow from the given URLs: href and src of HTML pages (default: ${DEFAULT-VALUE}, only the URLs).")
    int depth;

    @Option(names = "--same-host", description = "Follow links to the given URLs' hosts only.")
    boolean sameHost;

    @Option(names = "--max-pages", defaultValue = "10000", description = "Pages fetched at most (default: ${DEFAULT-VALUE}).")
    long maxPages;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "S", description = "Seconds per request, connect to last byte (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--retries", defaultValue = "2",
            description = "Retries of a connect error, timeout, 429 or 5xx, with backoff and Retry-After honoured (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--max-bytes", defaultValue = "10485760", description = "Largest body accepted, in bytes (default: ${DEFAULT-VALUE}).")
    long maxBytes;

    @Option(names = "--ignore-robots", description = "Do not fetch or honour robots.txt.")
    boolean ignoreRobots;

    @Option(names = "--processes", paramLabel = "N|auto",
            description = "Shard the hosts across N child processes (auto: one per core), each crawling its hosts in --mode"
                    + " with its share of --concurrency: seed 003's multi-process + coroutines. Default: this process alone.")
    String processes;

    @Option(names = "--compare", description = "Crawl the same URLs sequentially first, then in --mode, and print both times and the speed-up.")
    boolean compare;

    @Option(names = "--json", description = "Print only the summary, as one JSON object, on stdout.")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "Write one JSON line per URL: url, status, bytes, ms, depth, attempts, error"
            + " (with --compare, of the crawl in --mode).")
    Path out;

    @Override
    public Integer call() throws Exception {
        CrawlOptions options = options();
        int shards = processes == null ? 0 : ServePrefork.processes(new Checks(spec), processes);
        new Checks(spec).require(shards <= 1 || options.mode() == Mode.SEQUENTIAL || concurrency >= shards,
                "--concurrency " + concurrency + " is less than --processes " + shards + ": each process needs one fetch in flight at least");
        if (shards > 0) {
            org.iomodels.process.ChildProcess.setStartMethod("spawn"); // as serve --processes: no spare JVM warming up beside the crawl
        }
        List<URI> seeds = seeds();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try (CrawlOutput output = new CrawlOutput(json ? null : stdout, stderr, out)) {
            CrawlSummary first = null;
            if (compare) {
                output.recording(false); // --out is the measured crawl's
                first = Crawler.crawl(seeds, options.withMode(Mode.SEQUENTIAL), output);
                output.recording(true);
                output.line(String.format(Locale.ROOT, "synchronous time: %.3f s (sequential, one fetch at a time)", first.seconds()));
            }
            CrawlSummary s = shards == 0 ? Crawler.crawl(seeds, options, output) : ShardedCrawler.crawl(seeds, options, shards, output);
            if (compare) {
                output.line(String.format(Locale.ROOT, "asynchronous time: %.3f s (%s, %d in flight at most)", s.seconds(),
                        s.mode(), s.maxInFlight()));
                output.line(String.format(Locale.ROOT, "speed-up: %.2fx", first.seconds() / s.seconds()));
            }
            if (json) {
                stdout.println(compare ? s.toJson().replaceFirst("}$", String.format(Locale.ROOT,
                        ",\"sequential_seconds\":%.6f,\"speedup\":%.3f}", first.seconds(), first.seconds() / s.seconds())) : s.toJson());
                stdout.flush();
            } else {
                output.line(s.text());
            }
            if (s.pages() == 0) {
                stderr.println("crawl: no URL could be fetched (" + s.errors() + " failed: " + s.errorsByKind() + ")");
                stderr.flush();
                return 1;
            }
            return 0;
        }
    }

    private CrawlOptions options() {
        Checks check = new Checks(spec);
        Mode m;
        try {
            m = Mode.of(mode);
        } catch (IllegalArgumentException e) {
            throw check.usage(e.getMessage());
        }
        check.require(!compare || m != Mode.SEQUENTIAL, "--compare times --mode against sequential: give a concurrent --mode (green, unpatched or virtual)");
        check.range("--concurrency", concurrency, 1, 10_000);
        check.range("--per-host", perHost, 1, 10_000);
        check.range("--delay", delayMillis, 0, 3_600_000, "ms");
        check.range("--depth", depth, 0, 100);
        check.range("--max-pages", maxPages, 1, Long.MAX_VALUE, "");
        check.require(timeoutSeconds > 0 && timeoutSeconds <= 3600, "--timeout " + check.typed("--timeout", timeoutSeconds)
                + " is outside (0, 3600] seconds");
        check.range("--retries", retries, 0, 20);
        check.range("--max-bytes", maxBytes, 1, Integer.MAX_VALUE - 8, "bytes");
        check.require(out == null || !java.nio.file.Files.isDirectory(out), "--out " + out + " is a directory");
        return CrawlOptions.defaults().withMode(m).withConcurrency(concurrency, perHost).withDelay(Duration.ofMillis(delayMillis))
                .withDepth(depth, sameHost).withMaxPages(maxPages)
                .withTimeout(Duration.ofNanos((long) (timeoutSeconds * 1e9)), retries).withMaxBytes(maxBytes)
                .withRobots(!ignoreRobots).check();
    }

    private List<URI> seeds() {
        Checks check = new Checks(spec);
        check.require(!urls.isEmpty(), "give at least one URL to crawl, e.g. crawl http://127.0.0.1:8080/");
        List<URI> seeds = new ArrayList<>();
        for (String u : urls) {
            try {
                seeds.add(Urls.normalize(u));
            } catch (IllegalArgumentException e) {
                throw check.usage(e.getMessage());
            }
        }
        return seeds;
    }

    static IOException cannotWrite(Path file, IOException e) {
        return new IOException("cannot write --out " + file + ": " + e.getMessage(), e);
    }
}
