package org.iomodels.crawl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;

/**
 * The {@code virtual} mode's fetcher: {@code java.net.http.HttpClient} called from virtual
 * threads, whose blocking {@code send} parks the virtual thread, not its carrier (the JDK's own
 * answer to monkey-patching). Fetches https too; plain http is spoken as HTTP/1.1, https lets
 * the client negotiate HTTP/2.
 */
final class JdkFetcher implements Fetcher {
    private final CrawlOptions options;
    private final HttpClient client;

    JdkFetcher(CrawlOptions options) {
        this.options = options;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.timeout())
                .build();
    }

    @Override
    public Response get(URI url) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(options.timeout()).header("User-Agent", options.userAgent()).GET();
        if ("http".equals(url.getScheme())) {
            b.version(HttpClient.Version.HTTP_1_1);
        }
        HttpResponse<InputStream> r;
        long start = System.nanoTime();
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("GET " + url + " interrupted");
        }
        byte[] body;
        InputStream in = r.body();
        // The request's timeout ends with the head; the body gets what is left of it.
        java.time.Duration left = options.timeout().minusNanos(System.nanoTime() - start);
        Watchdog deadline = Watchdog.start(left.isNegative() ? java.time.Duration.ZERO : left, () -> closeQuietly(in));
        try (deadline; in) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, options.maxBytes() + 1));
        } catch (IOException e) {
            if (deadline.fired()) {
                throw new java.net.http.HttpTimeoutException("GET " + url + ": the body did not come within " + options.timeout().toMillis() / 1000.0 + " s");
            }
            throw e;
        }
        if (deadline.fired() && body.length <= options.maxBytes()) {
            throw new java.net.http.HttpTimeoutException("GET " + url + ": the body did not come within " + options.timeout().toMillis() / 1000.0 + " s");
        }
        if (body.length > options.maxBytes()) {
            throw new TooLarge("the body from " + url + " is over --max-bytes " + options.maxBytes());
        }
        var h = r.headers();
        return new Response(r.statusCode(), body, h.firstValue("content-type").orElse(null),
                h.firstValue("location").orElse(null), h.firstValue("retry-after").orElse(null));
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the read it interrupts reports the timeout
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
