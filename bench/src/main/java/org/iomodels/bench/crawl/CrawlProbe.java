package org.iomodels.bench.crawl;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.iomodels.crawl.CrawlOptions;
import org.iomodels.crawl.CrawlSummary;
import org.iomodels.crawl.Crawler;
import org.iomodels.crawl.Urls;

/**
 * One crawl of the scenario, in a fresh JVM: {@code CrawlProbe MODE CONCURRENCY PER_HOST DEPTH WARMUP URL...}
 * crawls without robots.txt (the Python peer has none either) again and again for WARMUP
 * seconds at least (once at least), then once more, and prints that last crawl's
 * summary as JSON with the first one's seconds added ({@code first_seconds}): the first runs the
 * crawler's code cold (interpreted, then compiled as it goes: 0.45 s where a warm crawl takes
 * 0.07 s with no latency), the last is the crawler itself, as the other scenarios' warm-up does.
 */
public final class CrawlProbe {
    private CrawlProbe() {}

    public static void main(String[] args) throws Exception {
        CrawlOptions o = CrawlOptions.defaults().withMode(CrawlOptions.Mode.of(args[0]))
                .withConcurrency(Integer.parseInt(args[1]), Integer.parseInt(args[2]))
                .withDepth(Integer.parseInt(args[3]), false).withRobots(false);
        double warmup = Double.parseDouble(args[4]);
        List<URI> seeds = Arrays.stream(args, 5, args.length).map(Urls::normalize).toList();
        long start = System.nanoTime();
        CrawlSummary first = Crawler.crawl(seeds, o, new Crawler.Listener() {});
        while (System.nanoTime() - start < warmup * 1e9) {
            Crawler.crawl(seeds, o, new Crawler.Listener() {});
        }
        CrawlSummary s = Crawler.crawl(seeds, o, new Crawler.Listener() {});
        System.out.println(s.toJson().replaceFirst("}$", ",\"first_seconds\":" + first.seconds() + "}"));
    }
}
