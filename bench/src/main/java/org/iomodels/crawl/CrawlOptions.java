package org.iomodels.crawl;

import java.time.Duration;
import java.util.Locale;

/**
 * How a crawl runs ({@code crawl}'s options). Build with {@link #defaults()} and the {@code with}
 * methods; {@link #check()} names the first value out of range.
 *
 * @param mode         how fetches run at once: see {@link Mode}
 * @param concurrency  fetches in flight in all (1 in {@code sequential})
 * @param perHost      fetches in flight to one host (host and port)
 * @param delay        the least time between the starts of two requests to one host (robots.txt's
 *                     {@code Crawl-delay}, if longer, wins, up to {@link #MAX_CRAWL_DELAY})
 * @param depth        link hops followed from the given URLs (0: only those)
 * @param sameHost     follow links to the given URLs' hosts only
 * @param maxPages     pages fetched at most (robots.txt files not counted)
 * @param timeout      per request: connecting, then the whole response
 * @param retries      attempts after the first, on connect errors, timeouts, 429 and 5xx
 * @param maxBytes     the largest body accepted; a longer one is an error of kind {@code too-large}
 * @param robots       honour robots.txt
 * @param userAgent    sent with each request, and the token robots.txt groups are matched by
 */
public record CrawlOptions(Mode mode, int concurrency, int perHost, Duration delay, int depth, boolean sameHost,
                           long maxPages, Duration timeout, int retries, long maxBytes, boolean robots, String userAgent) implements java.io.Serializable {
    /** The longest robots.txt {@code Crawl-delay} honoured: a larger one is capped, with a note. */
    public static final Duration MAX_CRAWL_DELAY = Duration.ofSeconds(30);
    /** The first retry waits this long, each next one twice as long, up to {@link #MAX_BACKOFF}; Retry-After overrides it. */
    public static final Duration BACKOFF = Duration.ofMillis(250);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** The longest Retry-After honoured; a response asking for more is not retried. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    /** Redirects followed from one URL; one more is an error of kind {@code too-many-redirects}. */
    public static final int MAX_REDIRECTS = 5;

    /** How fetches run at once. */
    public enum Mode {
        /** One fetch after another, on the calling thread, with the plain blocking client. */
        SEQUENTIAL,
        /** Greenlets on a hub, with the cooperative HTTP client: gevent after {@code monkey.patch_all()}. */
        GREEN,
        /** Greenlets calling the plain blocking client: gevent without the patch, which comes out serial. */
        UNPATCHED,
        /** Virtual threads with {@code java.net.http.HttpClient}: the JDK's own answer (https too). */
        VIRTUAL;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The mode named {@code name}, or an IllegalArgumentException listing the valid ones. */
        public static Mode of(String name) {
            for (Mode m : values()) {
                if (m.cliName().equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("--mode " + name + ": unknown mode; valid modes: sequential, green, unpatched, virtual");
        }
    }

    public static CrawlOptions defaults() {
        return new CrawlOptions(Mode.GREEN, 16, 4, Duration.ZERO, 0, false, Long.MAX_VALUE, Duration.ofSeconds(10), 2,
                10L << 20, true, "iomodels-crawl/0.1");
    }

    /** Fetches in flight at once in this mode: 1 when sequential. */
    public int inFlight() {
        return mode == Mode.SEQUENTIAL ? 1 : concurrency;
    }

    /** This, checked: an IllegalArgumentException names the first option out of range. */
    public CrawlOptions check() {
        require(concurrency >= 1 && concurrency <= 10_000, "--concurrency " + concurrency + " is outside 1..10000");
        require(perHost >= 1 && perHost <= 10_000, "--per-host " + perHost + " is outside 1..10000");
        require(!delay.isNegative() && delay.compareTo(Duration.ofHours(1)) <= 0, "--delay " + delay.toMillis() + " is outside 0..3600000 ms");
        require(depth >= 0 && depth <= 100, "--depth " + depth + " is outside 0..100");
        require(maxPages >= 1, "--max-pages " + maxPages + " is less than 1");
        require(timeout.isPositive() && timeout.compareTo(Duration.ofHours(1)) <= 0,
                "--timeout " + timeout.toMillis() / 1000.0 + " is outside (0, 3600] seconds");
        require(retries >= 0 && retries <= 20, "--retries " + retries + " is outside 0..20");
        require(maxBytes >= 1 && maxBytes <= Integer.MAX_VALUE - 8, "--max-bytes " + maxBytes + " is outside 1.." + (Integer.MAX_VALUE - 8));
        return this;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public CrawlOptions withMode(Mode m) {
        return new CrawlOptions(m, concurrency, perHost, delay, depth, sameHost, maxPages, timeout, retries, maxBytes, robots, userAgent);
    }

    public CrawlOptions withConcurrency(int n, int k) {
        return new CrawlOptions(mode, n, k, delay, depth, sameHost, maxPages, timeout, retries, maxBytes, robots, userAgent);
    }

    public CrawlOptions withDelay(Duration d) {
        return new CrawlOptions(mode, concurrency, perHost, d, depth, sameHost, maxPages, timeout, retries, maxBytes, robots, userAgent);
    }

    public CrawlOptions withDepth(int d, boolean onlySameHost) {
        return new CrawlOptions(mode, concurrency, perHost, delay, d, onlySameHost, maxPages, timeout, retries, maxBytes, robots, userAgent);
    }

    public CrawlOptions withMaxPages(long p) {
        return new CrawlOptions(mode, concurrency, perHost, delay, depth, sameHost, p, timeout, retries, maxBytes, robots, userAgent);
    }

    public CrawlOptions withTimeout(Duration t, int r) {
        return new CrawlOptions(mode, concurrency, perHost, delay, depth, sameHost, maxPages, t, r, maxBytes, robots, userAgent);
    }

    public CrawlOptions withMaxBytes(long b) {
        return new CrawlOptions(mode, concurrency, perHost, delay, depth, sameHost, maxPages, timeout, retries, b, robots, userAgent);
    }

    public CrawlOptions withRobots(boolean honour) {
        return new CrawlOptions(mode, concurrency, perHost, delay, depth, sameHost, maxPages, timeout, retries, maxBytes, honour, userAgent);
    }
}
