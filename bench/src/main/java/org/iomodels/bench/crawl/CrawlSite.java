package org.iomodels.bench.crawl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The crawl scenario's site: {@code hosts} HTTP servers of this project on loopback (one port
 * each, so one host each), every response {@code latency} late on the connection's timer. Each
 * host's front page links to its {@code pages} pages; each page links back, to the next one, and
 * to its twin on the next host, so a crawl of depth 1 from the front pages finds every page, most
 * of them more than once.
 */
public final class CrawlSite implements AutoCloseable {
    private final LocalSites sites = new LocalSites("iomodels-crawl-site");
    private final List<String> frontPages = new ArrayList<>();
    private final int pages;

    public CrawlSite(int hosts, int pages, Duration latency) throws IOException {
        this.pages = pages;
        try {
            List<Path> dirs = new ArrayList<>();
            for (int h = 0; h < hosts; h++) {
                Path dir = sites.newDir("host" + h);
                dirs.add(dir);
                frontPages.add(sites.serve(dir, latency));
            }
            for (int h = 0; h < hosts; h++) {
                write(dirs.get(h), h, frontPages.get((h + 1) % hosts));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }
    private void write(Path dir, int host, String nextHost) throws IOException {
        StringBuilder index = new StringBuilder("<!doctype html><html><body><h1>host " + host + "</h1>\n");
        for (int p = 0; p < pages; p++) {
            index.append("<a href=\"p").append(p).append(".html\">page ").append(p).append("</a>\n");
            String body = "<!doctype html><html><body><h1>host " + host + ", page " + p + "</h1>\n"
                    + "<a href=\"/\">home</a> <a href=\"p" + (p + 1) % pages + ".html\">next</a> "
                    + "<a href=\"" + nextHost + "p" + p + ".html\">twin</a>\n"
                    + ("<p>" + "words on a page of the crawl scenario. ".repeat(8) + "</p>\n").repeat(4) + "</body></html>\n";
            Files.writeString(dir.resolve("p" + p + ".html"), body);
        }
        Files.writeString(dir.resolve("index.html"), index.append("</body></html>\n").toString());
    }

    /** The hosts' front pages: where a crawl starts. */
    public List<String> frontPages() {
        return List.copyOf(frontPages);
    }

    /** Every page a depth-1 crawl from the front pages must fetch: the front pages and their pages. */
    public int totalPages() {
        return frontPages.size() * (pages + 1);
    }

    @Override
    public void close() {
        sites.close();
    }
}
