package org.iomodels.crawl;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

/**
 * One GET of one URL, redirects not followed (the crawler follows them itself, so each hop is
 * paced, counted and fetched once). A response of any status is a {@link Response}; what gives
 * none (no connection, a timeout, a body over the cap, a malformed response) is thrown. A mode
 * has its fetcher: {@link GreenFetcher}, {@link BlockingFetcher}, {@link JdkFetcher}.
 */
public interface Fetcher extends AutoCloseable {
    /** A response: the status, the body (whole, decoded), and the three headers the crawler reads. */
    record Response(int status, byte[] body, String contentType, String location, String retryAfter) {
        public boolean isHtml() {
            return contentType == null ? looksLikeHtml() : contentType.toLowerCase(Locale.ROOT).contains("html");
        }

        private boolean looksLikeHtml() {
            String start = new String(body, 0, Math.min(body.length, 256), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .stripLeading().toLowerCase(Locale.ROOT);
            return start.startsWith("<!doctype html") || start.startsWith("<html");
        }
    }

    /** A body longer than {@link CrawlOptions#maxBytes}. */
    final class TooLarge extends IOException {
        public TooLarge(String message) {
            super(message);
        }
    }

    Response get(URI url) throws IOException;

    @Override
    void close();

    /** The kind an error is counted under: connect, timeout, too-large, https, protocol, io. */
    static String kindOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLarge || t instanceof org.iomodels.green.http.BodyTooLargeException) {
                return "too-large";
            }
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException
                    || t instanceof org.iomodels.green.Timeout) {
                return "timeout";
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
                return "connect";
            }
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("https is not fetched")) {
            return "https";
        }
        return m.startsWith("bad status line") || m.contains("malformed") || e instanceof java.net.ProtocolException ? "protocol" : "io";
    }
}
