package org.iomodels.crawl;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The plain blocking client, {@code java.net.HttpURLConnection} (Python's {@code urllib}): each
 * call holds its thread until the response is in. The {@code sequential} mode's fetcher, and the
 * {@code unpatched} one's, where it blocks the hub's thread, so the greenlets fetch one at a time
 * and the hub's blocking monitor says which one held it. Keep-alive is the JDK's own.
 */
final class BlockingFetcher implements Fetcher {
    private final CrawlOptions options;

    BlockingFetcher(CrawlOptions options) {
        this.options = options;
    }

    @Override
    public Response get(URI url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
        int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1, options.timeout().toMillis()));
        c.setConnectTimeout(ms);
        c.setReadTimeout(ms);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setRequestProperty("User-Agent", options.userAgent());
        Watchdog deadline = Watchdog.start(options.timeout(), c::disconnect);
        try (deadline) {
            int status = c.getResponseCode();
            if (status < 0) {
                throw new java.net.ProtocolException("no valid HTTP status line from " + url);
            }
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] body = in == null ? new byte[0] : readCapped(in, url);
            return new Response(status, body, c.getContentType(), c.getHeaderField("Location"), c.getHeaderField("Retry-After"));
        } catch (IOException e) {
            c.disconnect();
            if (deadline.fired()) {
                throw new java.net.SocketTimeoutException("GET " + url + ": no complete response within " + options.timeout().toMillis() / 1000.0 + " s");
            }
            throw e;
        }
    }

    private byte[] readCapped(InputStream in, URI url) throws IOException {
        try (in) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, options.maxBytes() + 1));
            if (body.length > options.maxBytes()) {
                throw new TooLarge("the body from " + url + " is over --max-bytes " + options.maxBytes());
            }
            return body;
        }
    }

    @Override
    public void close() {}
}
