package org.iomodels.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.iomodels.crawl.CrawlOptions.Mode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The crawler against local sites the test starts, in every mode: what a polite crawler must do, counted on the server's side. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrawlerTest {
    private final List<TestSite> sites = new ArrayList<>();
    private final List<PageResult> results = new CopyOnWriteArrayList<>();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final Crawler.Listener listener = new Crawler.Listener() {
        @Override
        public void page(PageResult r) {
            results.add(r);
        }

        @Override
        public void note(String line) {
            notes.add(line);
        }
    };

    @AfterEach
    void stopSites() {
        sites.forEach(TestSite::close);
    }

    private TestSite site() throws Exception {
        TestSite s = new TestSite();
        sites.add(s);
        return s;
    }

    private CrawlSummary crawl(CrawlOptions o, String... urls) throws Exception {
        List<URI> seeds = java.util.Arrays.stream(urls).map(Urls::normalize).toList();
        return Crawler.crawl(seeds, o, listener);
    }

    private Map<String, PageResult> byUrl() {
        return results.stream().collect(Collectors.toMap(PageResult::url, Function.identity()));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void linksAreFollowedToTheDepthAskedEachPageOnce(Mode mode) throws Exception {
        TestSite s = site();
        s.page("/", "a", "./b", "/a#top", "b?x=1", "mailto:x@y", s.url("/a"));
        s.page("/b?x=1");
        s.page("/a", "c", "/");
        s.page("/b", "c");
        s.page("/c", "d");
        s.page("/d");
        CrawlSummary sum = crawl(CrawlOptions.defaults().withMode(mode).withDepth(2, false), s.url("/"));
        assertEquals(1, s.requests("/"));
        assertEquals(1, s.requests("/a"));
        assertEquals(1, s.requests("/b"));
        assertEquals(1, s.requests("/c"), "a page linked from two pages is fetched once");
        assertEquals(0, s.requests("/d"), "depth 2 stops before the third hop");
        assertEquals(1, s.requests("/b?x=1"), "a query makes another URL");
        assertEquals(1, s.requests("/robots.txt"), "robots.txt is asked once per host");
        assertEquals(5, sum.pages());
        assertEquals(0, sum.errors(), sum.errorsByKind().toString());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void robotsTxtDisallowIsRespected(Mode mode) throws Exception {
        TestSite s = site();
        s.route("/robots.txt", (ex, n) -> TestSite.send(ex, 200, "text/plain",
                "User-agent: *\nDisallow: /private\n\nUser-agent: other\nDisallow: /\n"));
        s.page("/", "/private/secret", "/public", "/privately");
        s.page("/public");
        s.page("/private/secret");
        CrawlSummary sum = crawl(CrawlOptions.defaults().withMode(mode).withDepth(1, false), s.url("/"));
        assertEquals(0, s.requests("/private/secret"));
        assertEquals(0, s.requests("/privately"), "Disallow: /private is a prefix");
        assertEquals(1, s.requests("/public"));
        assertEquals(2, sum.skippedByRobots());
        CrawlSummary ignoring = crawl(CrawlOptions.defaults().withMode(mode).withDepth(1, false).withRobots(false), s.url("/"));
        assertEquals(1, s.requests("/private/secret"), "--ignore-robots fetches it");
        assertEquals(1, s.requests("/robots.txt"), "and does not ask for robots.txt");
        assertEquals(0, ignoring.skippedByRobots());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a503ThatSucceedsOnRetryAndA404ThatIsCounted(Mode mode) throws Exception {
        TestSite s = site();
        s.route("/flaky", (ex, n) -> {
            if (n == 1) {
                ex.getResponseHeaders().set("Retry-After", "0");
                TestSite.send(ex, 503, "text/plain", "busy");
            } else {
                TestSite.send(ex, 200, "text/plain", "fine");
            }
        });
        CrawlSummary sum = crawl(CrawlOptions.defaults().withMode(mode), s.url("/flaky"), s.url("/missing"));
        assertEquals(2, s.requests("/flaky"));
        assertEquals(1, s.requests("/missing"), "a 404 is not retried");
        assertEquals(1, sum.retries());
        assertEquals(2, sum.pages(), "a 404 is a page fetched: HTTP errors are results");
        assertEquals(Map.of("http-404", 1L), sum.errorsByKind());
        assertEquals(200, byUrl().get(s.url("/flaky")).status());
        assertEquals(2, byUrl().get(s.url("/flaky")).attempts());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aRedirectIsFollowedAndARedirectLoopStopped(Mode mode) throws Exception {
        TestSite s = site();
        s.route("/old", (ex, n) -> redirect(ex, "/new"));
        s.page("/new");
        s.route("/loop1", (ex, n) -> redirect(ex, s.url("/loop2")));
        s.route("/loop2", (ex, n) -> redirect(ex, "loop1"));
        CrawlSummary sum = crawl(CrawlOptions.defaults().withMode(mode), s.url("/old"), s.url("/loop1"));
        assertEquals(1, s.requests("/new"));
        assertEquals(1, s.requests("/loop1"));
        assertEquals(1, s.requests("/loop2"));
        assertEquals(Map.of("redirect-loop", 1L), sum.errorsByKind());
        assertTrue(byUrl().get(s.url("/loop2")).error().contains("redirect loop"), byUrl().toString());
        assertEquals(200, byUrl().get(s.url("/new")).status());
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange ex, String to) throws java.io.IOException {
        ex.getResponseHeaders().set("Location", to);
        TestSite.send(ex, 302, "text/plain", "moved");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aHostThatStallsTimesOutAndTheOthersGoOn(Mode mode) throws Exception {
        TestSite stalls = site();
        stalls.route("/", (ex, n) -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                return;
            }
            TestSite.send(ex, 200, "text/plain", "late");
        });
        TestSite fine = site();
        fine.page("/");
        CrawlOptions o = CrawlOptions.defaults().withMode(mode).withTimeout(Duration.ofMillis(400), 1).withRobots(false);
        CrawlSummary sum = crawl(o, stalls.url("/"), fine.url("/"));
        assertEquals(1, sum.pages());
        assertEquals(Map.of("timeout", 1L), sum.errorsByKind());
        assertEquals(1, sum.retries(), "a timeout is retried");
        assertEquals(2, stalls.requests("/"));
        assertEquals(200, byUrl().get(fine.url("/")).status());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aBodyOverMaxBytesIsAnError(Mode mode) throws Exception {
        TestSite s = site();
        s.route("/big", (ex, n) -> TestSite.send(ex, 200, "application/octet-stream", "x".repeat(100_000)));
        s.route("/small", (ex, n) -> TestSite.send(ex, 200, "text/plain", "x".repeat(1000)));
        CrawlSummary sum = crawl(CrawlOptions.defaults().withMode(mode).withMaxBytes(1000), s.url("/big"), s.url("/small"));
        assertEquals(Map.of("too-large", 1L), sum.errorsByKind());
        assertEquals(1000, byUrl().get(s.url("/small")).bytes(), "a body of exactly the cap is fine");
        assertEquals(1, s.requests("/big"), "too large is not retried");
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"GREEN", "VIRTUAL"})
    void thePerHostLimitIsNeverExceededAndIsReached(Mode mode) throws Exception {
        TestSite a = site().latency(40);
        TestSite b = site().latency(40);
        List<String> links = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            links.add(a.url("/p" + i));
            links.add(b.url("/p" + i));
            a.page("/p" + i);
            b.page("/p" + i);
        }
        a.page("/", links.toArray(String[]::new));
        CrawlSummary sum = crawl(CrawlOptions.defaults().withMode(mode).withConcurrency(16, 3).withDepth(1, false), a.url("/"));
        assertEquals(49, sum.pages());
        assertEquals(3, a.maxInProgress(), "in flight to host a, counted by a");
        assertEquals(3, b.maxInProgress(), "in flight to host b, counted by b");
        assertEquals(3, sum.maxInFlightPerHost());
        assertEquals(6, sum.maxInFlight(), "two hosts, three each");
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SEQUENTIAL", "UNPATCHED"})
    void theSequentialAndUnpatchedCrawlersFetchOneAtATime(Mode mode) throws Exception {
        TestSite s = site().latency(30);
        for (int i = 0; i < 8; i++) {
            s.page("/p" + i);
        }
        String[] urls = java.util.stream.IntStream.range(0, 8).mapToObj(i -> s.url("/p" + i)).toArray(String[]::new);
        CrawlSummary sum = crawl(CrawlOptions.defaults().withMode(mode), urls);
        assertEquals(8, sum.pages());
        assertEquals(1, s.maxInProgress(), "the site saw one request at a time: gevent without monkey-patching is serial");
    }

    @Test
    void theDelayPacesTheStartsOfRequestsToOneHost() throws Exception {
        TestSite s = site();
        List<Long> starts = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 4; i++) {
            s.route("/p" + i, (ex, n) -> {
                starts.add(System.nanoTime());
                TestSite.send(ex, 200, "text/plain", "ok");
            });
        }
        String[] urls = java.util.stream.IntStream.range(0, 4).mapToObj(i -> s.url("/p" + i)).toArray(String[]::new);
        crawl(CrawlOptions.defaults().withDelay(Duration.ofMillis(100)).withRobots(false), urls);
        List<Long> sorted = starts.stream().sorted().toList();
        for (int i = 1; i < sorted.size(); i++) {
            long gap = sorted.get(i) - sorted.get(i - 1);
            assertTrue(gap >= 90_000_000L, "two requests to one host " + gap / 1_000_000 + " ms apart, with --delay 100");
        }
    }

    @Test
    void maxPagesBoundsTheCrawlAndNothingFetchedIsExitOne() throws Exception {
        TestSite s = site();
        List<String> links = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            links.add("/p" + i);
            s.page("/p" + i);
        }
        s.page("/", links.toArray(String[]::new));
        CrawlSummary sum = crawl(CrawlOptions.defaults().withDepth(1, false).withMaxPages(5), s.url("/"));
        assertEquals(5, sum.pages());
        assertEquals(16, sum.overMaxPages());
        TestSite gone = site();
        String url = gone.url("/");
        gone.close();
        CrawlSummary none = crawl(CrawlOptions.defaults().withTimeout(Duration.ofSeconds(2), 0), url);
        assertEquals(0, none.pages());
        assertEquals(Map.of("connect", 1L), none.errorsByKind());
    }

    @Test
    void sameHostFollowsLinksToTheGivenHostsOnly() throws Exception {
        TestSite home = site();
        TestSite away = site();
        away.page("/");
        home.page("/", "/local", away.url("/"));
        home.page("/local");
        CrawlSummary sum = crawl(CrawlOptions.defaults().withDepth(1, true), home.url("/"));
        assertEquals(2, sum.pages());
        assertEquals(0, away.totalRequests(), "--same-host: no request to another host, robots.txt included");
        crawl(CrawlOptions.defaults().withDepth(1, false), home.url("/"));
        assertEquals(1, away.requests("/"));
    }

    @Test
    void retryAfterIsHonouredInSecondsOrAsADate() {
        assertEquals(Duration.ofSeconds(3), Retries.retryAfter("3"));
        assertEquals(null, Retries.retryAfter("soon"));
        Duration d = Retries.retryAfter(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30)));
        assertTrue(d.toSeconds() >= 28 && d.toSeconds() <= 30, d.toString());
        assertEquals(3_000_000_000L, Retries.waitNanos(0, "3"));
        assertEquals(-1, Retries.waitNanos(0, "3600"), "a Retry-After over a minute is not waited for");
        assertEquals(250_000_000L, Retries.waitNanos(0, null));
        assertEquals(1_000_000_000L, Retries.backoffNanos(2));
        assertEquals(10_000_000_000L, Retries.backoffNanos(30));
    }
}
