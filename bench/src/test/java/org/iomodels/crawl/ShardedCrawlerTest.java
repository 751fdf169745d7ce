package org.iomodels.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code crawl --processes}: hosts sharded across child JVMs, each a hub of greenlets. Judged on
 * the servers' side, as CrawlerTest judges one process: every page fetched once, the per-host
 * limit held and reached, the page budget global, one summary; and a shard killed mid-crawl
 * replaced, the crawl finished.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ShardedCrawlerTest {
    private final List<TestSite> sites = new ArrayList<>();
    private final List<PageResult> results = new CopyOnWriteArrayList<>();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final List<URI> started = new CopyOnWriteArrayList<>();
    private Runnable onStart = () -> {};
    private final Crawler.Listener listener = new Crawler.Listener() {
        @Override
        public void started(URI url, int attempt) {
            started.add(url);
            onStart.run();
        }

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

    /** Four hosts of {@code pages} pages each; every host's front page links to every page of every host. */
    private List<TestSite> web(int pages, long latencyMillis) throws Exception {
        List<TestSite> web = new ArrayList<>();
        for (int h = 0; h < 4; h++) {
            web.add(new TestSite().latency(latencyMillis));
        }
        sites.addAll(web);
        List<String> all = new ArrayList<>();
        for (TestSite s : web) {
            for (int i = 0; i < pages; i++) {
                s.page("/p" + i, "/", "/p" + ((i + 1) % pages)); // links back and on: seen URLs, never fetched again
                all.add(s.url("/p" + i));
            }
        }
        for (TestSite s : web) {
            s.page("/", all.toArray(String[]::new));
        }
        return web;
    }

    private CrawlSummary crawl(CrawlOptions o, int processes, List<TestSite> seeds) throws Exception {
        return ShardedCrawler.crawl(seeds.stream().map(s -> s.uri("/")).toList(), o, processes, listener);
    }

    @Test
    void everyPageIsFetchedOnceThePerHostLimitHoldsAndOneSummaryCountsThemAll() throws Exception {
        List<TestSite> web = web(12, 25);
        CrawlSummary sum = crawl(CrawlOptions.defaults().withConcurrency(16, 3).withDepth(2, false), 2, web);
        for (TestSite s : web) {
            assertEquals(1, s.requests("/robots.txt"), "robots.txt once per host");
            for (int i = 0; i < 12; i++) {
                assertEquals(1, s.requests("/p" + i), s.url("/p" + i) + " fetched once");
            }
            assertEquals(1, s.requests("/"));
            assertEquals(3, s.maxInProgress(), "in flight to " + s.url("/") + ", counted by it: the limit held and reached");
        }
        assertEquals(4 * 13, sum.pages());
        assertEquals(4 * 13, results.size(), "the listener heard every page");
        assertEquals(4 * 13, started.size());
        assertEquals(0, sum.errors(), sum.errorsByKind().toString());
        assertEquals(4, sum.hosts());
        assertEquals(2, sum.processes());
        assertEquals(3, sum.maxInFlightPerHost());
        assertTrue(sum.maxInFlight() <= 16, "each process keeps to its share of --concurrency: " + sum.maxInFlight());
        assertTrue(sum.text().startsWith("crawl green on 2 processes: 52 pages"), sum.text());
        assertTrue(sum.toJson().endsWith("\"hosts\":4,\"processes\":2}"), sum.toJson());
    }

    @Test
    void maxPagesIsOneBudgetForEveryProcessAndRobotsTxtHoldsInEach() throws Exception {
        List<TestSite> web = web(6, 0);
        web.get(1).route("/robots.txt", (ex, n) -> TestSite.send(ex, 200, "text/plain", "User-agent: *\nDisallow: /p\n"));
        CrawlSummary sum = crawl(CrawlOptions.defaults().withDepth(1, false).withMaxPages(10), 3, web);
        int fetched = web.stream().mapToInt(s -> s.totalRequests() - s.requests("/robots.txt")).sum();
        assertEquals(10, fetched + sum.skippedByRobots(), "ten URLs admitted in all, over three processes");
        assertEquals(fetched, sum.pages());
        assertTrue(sum.overMaxPages() > 0);
        for (int i = 0; i < 6; i++) {
            assertEquals(0, web.get(1).requests("/p" + i), "robots.txt of host 1 disallows its /p pages");
        }
    }

    @Test
    void aProcessKilledMidCrawlIsReplacedAndTheCrawlEnds() throws Exception {
        List<TestSite> web = web(10, 150);
        AtomicBoolean killed = new AtomicBoolean();
        onStart = () -> {
            if (started.size() == 12 && killed.compareAndSet(false, true)) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("crawl on 2 processes, pids \\[(\\d+), \\d+], ready in .*")
                        .matcher(notes.getFirst());
                assertTrue(m.matches(), notes.getFirst());
                ProcessHandle.of(Long.parseLong(m.group(1))).orElseThrow().destroyForcibly(); // SIGKILL, mid-fetch
            }
        };
        CrawlSummary sum = crawl(CrawlOptions.defaults().withConcurrency(8, 2).withDepth(1, false), 2, web);
        assertTrue(killed.get());
        assertTrue(notes.stream().anyMatch(n -> n.matches("crawl process \\d \\(pid \\d+\\) died: signal 9 \\(SIGKILL\\); starting another"
                + " with its \\d+ URLs not done \\(they may be fetched twice\\)")), notes.toString());
        assertEquals(4 * 11, sum.pages(), "every page answered: " + sum.errorsByKind());
        assertEquals(0, sum.errors());
        for (TestSite s : web) {
            for (int i = 0; i < 10; i++) {
                assertTrue(s.requests("/p" + i) >= 1, s.url("/p" + i));
            }
        }
    }

    @Test
    void badCountsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShardedCrawler.crawl(List.of(), CrawlOptions.defaults().withConcurrency(2, 1), 3, listener));
        assertEquals("--concurrency 2 is less than --processes 3: each process needs one fetch in flight at least", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ShardedCrawler.crawl(List.of(), CrawlOptions.defaults(), 0, listener));
        assertEquals("--processes 0 is outside 1..256", e.getMessage());
    }
}
