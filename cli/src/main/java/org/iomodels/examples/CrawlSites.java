package org.iomodels.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.iomodels.bench.crawl.LocalSites;

/**
 * Seed 004's four websites, on loopback: four HTTP servers of this project, each answering its
 * page after its own latency ({@code serve --protocol http --delay MS}: the connection's timer,
 * no thread waiting), with the page sizes the seed printed. A machine with no network sees the
 * seed's lesson all the same.
 */
public final class CrawlSites implements AutoCloseable {
    /** Latency (ms) and page size (bytes) of each site: the seed's sizes, latencies a loopback demo can afford. */
    private static final int[][] SITES = {{300, 48_860}, {500, 104_670}, {200, 12_713}, {600, 170_935}};

    private final LocalSites sites = new LocalSites("iomodels-crawl-sites");
    private final List<String> urls = new ArrayList<>();

    public CrawlSites() throws IOException {
        try {
            for (int i = 0; i < SITES.length; i++) {
                Path dir = sites.newDir("site" + i);
                Files.writeString(dir.resolve("index.html"), page(i, SITES[i][1]));
                urls.add(sites.serve(dir, Duration.ofMillis(SITES[i][0])));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The sites' front pages, one per site. */
    public List<String> urls() {
        return List.copyOf(urls);
    }

    /** Each site's latency, in the order of {@link #urls}. */
    public List<Duration> latencies() {
        return Stream.of(SITES).map(s -> Duration.ofMillis(s[0])).toList();
    }

    private static String page(int site, int size) {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><title>site " + site + "</title></head><body>\n");
        String line = "<p>the seed's site number " + site + ", on loopback.</p>\n";
        String end = "</body></html>\n";
        while (html.length() + line.length() + end.length() <= size) {
            html.append(line);
        }
        html.append(" ".repeat(size - html.length() - end.length())).append(end);
        return html.toString();
    }

    @Override
    public void close() {
        sites.close();
    }
}
