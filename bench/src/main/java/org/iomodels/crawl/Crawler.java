package org.iomodels.crawl;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The crawl: a coordinator that alone holds the crawl's state (the {@link Frontier}, the counts)
 * and starts fetches through the mode's {@link Runner}, which run beside it and post what they
 * got. It follows links to the depth asked, redirects itself (each hop paced and fetched once, a
 * loop stopped), retries connect errors, timeouts, 429 and 5xx with backoff (a Retry-After
 * honoured), fetches each host's robots.txt first (RFC 9309: 4xx allows all, 5xx disallows all,
 * no answer fails the host's pages), and tells its {@link Listener} as it goes.
 */
public final class Crawler {
    /** What a crawl reports as it goes; the coordinator's thread calls it, one call at a time. */
    public interface Listener {
        /** A request for {@code url} starts ({@code attempt} 0 first). */
        default void started(URI url, int attempt) {}

        /** {@code url} is done: fetched (any status) or failed for good. */
        default void page(PageResult result) {}

        /** A retry, a page robots.txt disallows, a robots.txt that could not be read. */
        default void note(String line) {}

        /** {@code url} is done without a request: robots.txt disallows it (a note said so). */
        default void skipped(URI url) {}
    }

    private final CrawlOptions o;
    private final Listener listener;
    private final Frontier frontier;
    private final String robotsToken;
    private final Set<String> seedHosts = new HashSet<>();
    private final PageTally tally = new PageTally();
    private final Upstream upstream;
    private Runner runner;
    private long retries;
    private long skipped;
    private int inFlight;
    private int maxInFlight;
    private long loopStart;
    private long loopEnd;

    private Crawler(CrawlOptions options, Listener listener, Upstream upstream) {
        this.o = options.check();
        this.listener = listener;
        this.upstream = upstream;
        this.frontier = new Frontier(o);
        String ua = o.userAgent();
        this.robotsToken = ua.contains("/") ? ua.substring(0, ua.indexOf('/')) : ua;
    }

    /** Crawls from {@code seeds} (normalised: see {@link Urls#normalize}) as {@code options} say. */
    public static CrawlSummary crawl(List<URI> seeds, CrawlOptions options, Listener listener) throws Exception {
        return new Crawler(options, listener, null).run(seeds);
    }

    /** One shard's crawl: its URLs come from {@code upstream}, its links go there, and it ends when upstream says. */
    static CrawlSummary crawlShard(CrawlOptions options, Listener listener, Upstream upstream) throws Exception {
        return new Crawler(options.withMaxPages(Long.MAX_VALUE), listener, upstream).run(List.of()); // the parent keeps the budget
    }

    private CrawlSummary run(List<URI> seeds) throws Exception {
        for (URI u : seeds) {
            seedHosts.add(Urls.hostKey(u));
            frontier.add(u, 0, List.of());
        }
        try (Runner r = Runner.of(o)) {
            runner = r;
            r.run(this::loop);
        }
        double seconds = (loopEnd - loopStart) / 1e9; // the crawl itself: not the client's set-up (java.net.http loads in 0.3 s) or tear-down
        return new CrawlSummary(o.mode().cliName(), o.inFlight(), tally.pages(), tally.bytes(), tally.errorsByKind(), retries, seconds,
                maxInFlight, frontier.maxInFlightPerHost(), skipped, frontier.overMaxPages(), frontier.hosts(), 0);
    }

    private Void loop() throws InterruptedException {
        loopStart = System.nanoTime();
        if (upstream != null) {
            upstream.wakeWith(runner::wake);
        }
        while (true) {
            if (upstream != null) {
                for (ShardMessage.Admit a : upstream.admitted()) {
                    frontier.add(a.url(), a.depth(), a.redirectedFrom());
                }
            }
            boolean started = false;
            for (Fetch f; inFlight < o.inFlight() && (f = frontier.next(System.nanoTime())) != null; ) {
                start(f);
                started = true;
            }
            for (Fetch f : frontier.drainSetAside()) {
                setAside(f);
            }
            if (inFlight == 0 && frontier.isEmpty() && (upstream == null || upstream.over())) {
                loopEnd = System.nanoTime();
                return null;
            }
            long wait = inFlight < o.inFlight() ? frontier.nanosUntilReady(System.nanoTime()) : Long.MAX_VALUE;
            if (wait == 0 && !started) {
                wait = 1_000_000; // never spin, whatever the frontier says
            }
            Runner.Done d = runner.take(Math.min(wait, 1_000_000_000L));
            for (; d != null; d = runner.take(0)) {
                done(d);
            }
        }
    }

    private void start(Fetch f) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        Fetcher fetcher = runner.fetcher;
        Runner r = runner;
        r.spawn(f, () -> {
            long s = System.nanoTime();
            if (!f.robots()) {
                r.post(new Runner.Done(f, null, null, s, 0));
            }
            Fetcher.Response resp = null;
            Throwable err = null;
            try {
                resp = fetcher.get(f.url());
            } catch (Throwable e) {
                err = e;
            }
            r.post(new Runner.Done(f, resp, err, s, System.nanoTime()));
        });
    }

    private void done(Runner.Done d) {
        Fetch f = d.fetch();
        if (f == null) {
            return; // a wake: the loop looks at what upstream admitted
        }
        if (d.begun()) {
            listener.started(f.url(), f.attempt());
            return;
        }
        inFlight--;
        frontier.finished(f);
        if (retryLater(d)) {
            return;
        }
        if (f.robots()) {
            robotsDone(d);
        } else if (d.error() != null) {
            record(failed(f, d, Fetcher.kindOf(d.error()), message(d.error())));
        } else {
            pageDone(f, d);
        }
    }

    /** A connect error, a timeout, 429 or 5xx with attempts left: back to the frontier after a backoff. */
    private boolean retryLater(Runner.Done d) {
        Fetch f = d.fetch();
        if (f.attempt() >= o.retries()) {
            return false;
        }
        String why;
        long wait;
        if (d.error() != null) {
            String kind = Fetcher.kindOf(d.error());
            if (!kind.equals("connect") && !kind.equals("timeout")) {
                return false;
            }
            why = kind + ": " + message(d.error());
            wait = Retries.backoffNanos(f.attempt());
        } else {
            int status = d.response().status();
            if (status != 429 && (status < 500 || status > 599)) {
                return false;
            }
            wait = Retries.waitNanos(f.attempt(), d.response().retryAfter());
            if (wait < 0) {
                return false; // a Retry-After longer than we wait
            }
            why = "HTTP " + status;
        }
        retries++;
        frontier.retry(f, System.nanoTime() + wait);
        listener.note(String.format(Locale.ROOT, "retry %s in %.2f s (attempt %d of %d): %s", f.url(), wait / 1e9,
                f.attempt() + 2, o.retries() + 1, why));
        return true;
    }

    private void pageDone(Fetch f, Runner.Done d) {
        Fetcher.Response r = d.response();
        int status = r.status();
        if (Retries.isRedirect(status) && r.location() != null) {
            redirected(f, d);
            return;
        }
        if (status >= 200 && status < 300 && f.depth() < o.depth() && r.isHtml()) { // links first: a shard's parent counts them before the page ends
            for (URI link : Links.extract(new String(r.body(), StandardCharsets.UTF_8), f.url())) {
                follow(link, f.depth() + 1, List.of());
            }
        }
        record(result(f, d, status >= 400 ? "http-" + status : null, status >= 400 ? "HTTP " + status : null));
    }

    private void redirected(Fetch f, Runner.Done d) {
        String location = d.response().location();
        URI target = Urls.resolve(f.url(), location);
        List<URI> chain = new ArrayList<>(f.redirectedFrom());
        chain.add(f.url());
        if (target == null) {
            record(result(f, d, "bad-redirect", "Location '" + location + "' is not an http(s) URL"));
        } else if (chain.contains(target)) {
            record(result(f, d, "redirect-loop", "redirect loop: " + String.join(" -> ",
                    chain.stream().map(URI::toString).toList()) + " -> " + target));
        } else if (chain.size() > CrawlOptions.MAX_REDIRECTS) {
            record(result(f, d, "too-many-redirects", "more than " + CrawlOptions.MAX_REDIRECTS + " redirects from " + chain.getFirst()));
        } else {
            follow(target, f.depth(), List.copyOf(chain));
            record(result(f, d, null, null));
        }
    }

    private void follow(URI url, int depth, List<URI> redirectedFrom) {
        if (upstream != null) {
            upstream.follow(url, depth, redirectedFrom); // the parent knows the seeds' hosts
        } else if (!o.sameHost() || seedHosts.contains(Urls.hostKey(url))) {
            frontier.add(url, depth, redirectedFrom);
        }
    }

    private void robotsDone(Runner.Done d) {
        URI url = d.fetch().url();
        if (d.error() != null) {
            String kind = Fetcher.kindOf(d.error());
            listener.note("robots.txt of " + Urls.hostKey(url) + " could not be fetched (" + message(d.error()) + "): its pages fail with it");
            frontier.robotsKnown(url, Robots.ALLOW_ALL, new PageResult(url.toString(), 0, 0, 0, 0, 0, kind,
                    "robots.txt could not be fetched: " + message(d.error())));
            return;
        }
        int status = d.response().status();
        Robots rules;
        if (status >= 200 && status < 300) {
            rules = Robots.parse(new String(d.response().body(), StandardCharsets.UTF_8), robotsToken);
            if (rules.crawlDelaySeconds() > CrawlOptions.MAX_CRAWL_DELAY.toSeconds()) {
                listener.note("robots.txt of " + Urls.hostKey(url) + " asks a Crawl-delay of " + rules.crawlDelaySeconds()
                        + " s: " + CrawlOptions.MAX_CRAWL_DELAY.toSeconds() + " s is kept");
            }
        } else if (status >= 500) {
            listener.note("robots.txt of " + Urls.hostKey(url) + " answered " + status + ": RFC 9309 says disallow all");
            rules = Robots.parse("User-agent: *\nDisallow: /\n", robotsToken);
        } else {
            rules = Robots.ALLOW_ALL; // 4xx: no robots.txt; 3xx: RFC 9309's five redirects are not followed, taken as none
        }
        frontier.robotsKnown(url, rules, null);
    }

    private void setAside(Fetch f) {
        PageResult unreachable = frontier.unreachable(f.url());
        if (unreachable != null) {
            record(new PageResult(f.url().toString(), 0, 0, 0, f.depth(), 0, unreachable.errorKind(), unreachable.error()));
        } else {
            skipped++;
            listener.note("skip " + f.url() + ": robots.txt disallows it");
            listener.skipped(f.url());
        }
    }

    private void record(PageResult r) {
        tally.add(r);
        listener.page(r);
    }

    private static PageResult result(Fetch f, Runner.Done d, String kind, String error) {
        return new PageResult(f.url().toString(), d.response().status(), d.response().body().length,
                (d.ended() - d.started()) / 1e6, f.depth(), f.attempt() + 1, kind, error);
    }

    private static PageResult failed(Fetch f, Runner.Done d, String kind, String error) {
        return new PageResult(f.url().toString(), 0, 0, (d.ended() - d.started()) / 1e6, f.depth(), f.attempt() + 1, kind, error);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
