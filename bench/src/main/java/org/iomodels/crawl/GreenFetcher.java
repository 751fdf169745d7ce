package org.iomodels.crawl;

import java.io.IOException;
import java.net.URI;
import org.iomodels.green.http.HttpClient;
import org.iomodels.green.http.HttpResponse;

/**
 * The {@code green} mode's fetcher: the cooperative HTTP client of {@code green.http}, whose every
 * wait parks the calling greenlet, so the hub runs the other fetches meanwhile (gevent after
 * {@code monkey.patch_all()}). One per hub; plain HTTP only.
 */
final class GreenFetcher implements Fetcher {
    private final HttpClient client;

    GreenFetcher(CrawlOptions o) {
        double t = o.timeout().toNanos() / 1e9;
        this.client = new HttpClient(new HttpClient.Options(t, t, t, o.maxBytes(), 0, o.perHost(), o.userAgent()));
    }

    @Override
    public Response get(URI url) throws IOException {
        HttpResponse r = client.send("GET", url);
        return new Response(r.status(), r.body(), r.header("content-type"), r.header("location"), r.header("retry-after"));
    }

    @Override
    public void close() {
        client.close();
    }
}
