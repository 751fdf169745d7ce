package org.iomodels.protocol.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the HTTP protocol allows and where its files are. Build one with {@link #defaults()} and
 * the {@code with...} methods; every value is checked when set.
 *
 * @param root           directory of static files, or null to serve the built-in routes only
 * @param headerTimeout  a request (head, and body if any) not complete this long after its first byte is answered
 *                       408; an idle kept-alive connection is closed after it (default 10 s)
 * @param maxBody        largest request body accepted, in bytes; a longer one is answered 413 (default 1 MiB)
 * @param maxUri         longest request target, in bytes; a longer one is answered 414 (default 8 KiB)
 * @param maxHeaderBytes largest header section, in bytes; a larger one is answered 431 (default 16 KiB)
 * @param maxHeaderCount most header fields; more are answered 431 (default 100)
 * @param responseDelay  how long each request waits before it is answered, on the connection's timer
 *                       ({@link org.iomodels.server.Conn#callLater}: no thread waits), to play a slow
 *                       site (the crawler's demo); zero, the default, answers at once. Shorter than
 *                       the header timeout.
 */
public record HttpConfig(Path root, Duration headerTimeout, long maxBody, int maxUri, int maxHeaderBytes,
                         int maxHeaderCount, Duration responseDelay) {
    public HttpConfig(Path root, Duration headerTimeout, long maxBody, int maxUri, int maxHeaderBytes, int maxHeaderCount) {
        this(root, headerTimeout, maxBody, maxUri, maxHeaderBytes, maxHeaderCount, Duration.ZERO);
    }

    public HttpConfig {
        if (root != null && !Files.isDirectory(root)) {
            throw new IllegalArgumentException("root " + root + " is not a directory");
        }
        if (headerTimeout == null || headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("headerTimeout must be positive, not " + headerTimeout);
        }
        if (responseDelay == null || responseDelay.isNegative()) {
            throw new IllegalArgumentException("responseDelay must be zero or more, not " + responseDelay);
        }
        if (headerTimeout != null && responseDelay.compareTo(headerTimeout) >= 0) {
            throw new IllegalArgumentException("the response delay (" + responseDelay.toMillis()
                    + " ms) must be shorter than the header timeout (" + headerTimeout.toMillis() + " ms)");
        }
        if (maxBody < 0 || maxBody > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBody " + maxBody + " is outside 0.." + (Integer.MAX_VALUE - 8));
        }
        if (maxUri < 1 || maxHeaderBytes < 1 || maxHeaderCount < 1) {
            throw new IllegalArgumentException("limits must be positive: maxUri=" + maxUri + " maxHeaderBytes="
                    + maxHeaderBytes + " maxHeaderCount=" + maxHeaderCount);
        }
    }

    public static HttpConfig defaults() {
        return new HttpConfig(null, Duration.ofSeconds(10), 1 << 20, 8 << 10, 16 << 10, 100);
    }

    public HttpConfig withRoot(Path root) {
        return new HttpConfig(root, headerTimeout, maxBody, maxUri, maxHeaderBytes, maxHeaderCount, responseDelay);
    }

    public HttpConfig withHeaderTimeout(Duration timeout) {
        return new HttpConfig(root, timeout, maxBody, maxUri, maxHeaderBytes, maxHeaderCount, responseDelay);
    }

    public HttpConfig withMaxBody(long maxBody) {
        return new HttpConfig(root, headerTimeout, maxBody, maxUri, maxHeaderBytes, maxHeaderCount, responseDelay);
    }

    public HttpConfig withResponseDelay(Duration delay) {
        return new HttpConfig(root, headerTimeout, maxBody, maxUri, maxHeaderBytes, maxHeaderCount, delay);
    }
}
