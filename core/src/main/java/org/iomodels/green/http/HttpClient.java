package org.iomodels.green.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.iomodels.green.GreenSocket;
import org.iomodels.green.Timeout;

/**
 * An HTTP/1.1 client on cooperative sockets, for greenlets (the crawler): GET and HEAD,
 * keep-alive with a pool of idle connections per host, Content-Length, chunked and
 * close-delimited bodies, redirects (at most {@link Options#maxRedirects}), connect, read and
 * total timeouts, a body size cap, gzip. With {@code maxRedirects} 0 a redirect is returned as it
 * came, for a caller that follows redirects itself (the crawler). Every wait parks the greenlet, so many greenlets fetch at
 * once on one thread. {@code https} is refused with an error saying which crawler mode fetches it
 * ({@code crawl --mode virtual}, on {@code java.net.http}): this client speaks plain HTTP only.
 * One client per hub thread; not for use from two threads.
 */
public final class HttpClient implements AutoCloseable {
    /**
     * @param connectTimeout seconds to connect; {@code readTimeout} seconds any one read or write may wait;
     * @param totalTimeout   seconds for the whole request, redirects included
     * @param maxBody        bytes a body may have (decoded), past which the request fails
     * @param perHost        idle connections kept per host
     */
    public record Options(double connectTimeout, double readTimeout, double totalTimeout, long maxBody, int maxRedirects,
                          int perHost, String userAgent) {
        public static Options defaults() {
            return new Options(10, 30, 60, 10 << 20, 5, 4, "iomodels-green/0.1");
        }

        public Options withTimeouts(double connect, double read, double total) {
            return new Options(connect, read, total, maxBody, maxRedirects, perHost, userAgent);
        }

        public Options withMaxBody(long bytes) {
            return new Options(connectTimeout, readTimeout, totalTimeout, bytes, maxRedirects, perHost, userAgent);
        }

        public Options withMaxRedirects(int n) {
            return new Options(connectTimeout, readTimeout, totalTimeout, maxBody, n, perHost, userAgent);
        }
    }

    private final Options options;
    private final Map<String, ArrayDeque<GreenSocket>> idle = new HashMap<>();
    private long connects;

    public HttpClient() {
        this(Options.defaults());
    }

    public HttpClient(Options options) {
        this.options = options;
    }

    public HttpResponse get(String url) throws IOException {
        return send("GET", URI.create(url));
    }

    public HttpResponse head(String url) throws IOException {
        return send("HEAD", URI.create(url));
    }

    /** Connections opened so far (a kept-alive one reused is not counted again). */
    public long connects() {
        return connects;
    }

    /** Sends {@code method} (GET or HEAD) to {@code url}, following redirects (none if {@link Options#maxRedirects} is 0). */
    public HttpResponse send(String method, URI url) throws IOException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new IllegalArgumentException("the green client sends GET and HEAD, not " + method);
        }
        Timeout total = Timeout.start(options.totalTimeout());
        try (total) {
            URI u = url;
            for (int redirects = 0; ; redirects++) {
                HttpResponse r = once(method, u, redirects);
                String location = r.header("location");
                if (!isRedirect(r.status()) || location == null || options.maxRedirects() == 0) {
                    return r;
                }
                if (redirects >= options.maxRedirects()) {
                    throw new IOException("too many redirects (" + options.maxRedirects() + ") from " + url + ", the last to " + location);
                }
                u = redirectTarget(u, location.trim());
            }
        } catch (Timeout e) {
            if (e != total) {
                throw e;
            }
            throw new SocketTimeoutException(method + " " + url + ": no complete response within " + options.totalTimeout() + " s");
        }
    }

    /** {@code location} resolved against {@code base}; an empty base path counts as "/" (URI.resolve gets "http://host" + "x" wrong). */
    private static URI redirectTarget(URI base, String location) throws IOException {
        try {
            URI b = base.getRawPath() == null || base.getRawPath().isEmpty()
                    ? new URI(base.getScheme(), base.getRawAuthority(), "/", null, null) : base;
            return b.resolve(location);
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new IOException(base + " redirected to a malformed Location: '" + location + "'", e);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private HttpResponse once(String method, URI u, int redirects) throws IOException {
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            throw new IOException(u + ": https is not fetched by the green client (plain HTTP/1.1 on cooperative sockets);"
                    + " crawl --mode virtual fetches it");
        }
        if (!scheme.equals("http") || u.getHost() == null) {
            throw new IOException(u + ": not an http:// URL with a host");
        }
        int port = u.getPort() < 0 ? 80 : u.getPort();
        String key = u.getHost() + ":" + port;
        for (int attempt = 0; ; attempt++) {
            GreenSocket s = attempt == 0 ? takeIdle(key) : null;
            boolean reused = s != null;
            if (s == null) {
                s = GreenSocket.connect(u.getHost(), port, options.connectTimeout());
                connects++;
            }
            s.setTimeout(options.readTimeout());
            ResponseReader reader = new ResponseReader(s, key);
            try {
                s.sendAll(request(method, u, port).getBytes(StandardCharsets.ISO_8859_1));
                ResponseReader.Head head = reader.head();
                while (head.status() >= 100 && head.status() < 200) {
                    head = reader.head(); // 100 Continue and friends: the real response follows
                }
                boolean none = method.equals("HEAD") || head.status() == 204 || head.status() == 304;
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                boolean keep = reader.body(head, none, options.maxBody(), body);
                byte[] content = decoded(head, body.toByteArray(), u); // before the socket goes back to the pool
                release(key, s, keep);
                return new HttpResponse(u, head.status(), head.reason(), head.headers(), content, redirects);
            } catch (IOException | RuntimeException e) {
                s.close();
                if (reused && !reader.receivedAny) {
                    continue; // the server had dropped the kept-alive connection (EOF, reset): GET/HEAD once more, anew
                }
                throw e;
            }
        }
    }

    private String request(String method, URI u, int port) {
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        String target = u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
        String host = port == 80 ? u.getHost() : u.getHost() + ":" + port;
        return method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: " + options.userAgent()
                + "\r\nAccept-Encoding: gzip\r\nConnection: keep-alive\r\n\r\n";
    }

    private byte[] decoded(ResponseReader.Head head, byte[] body, URI u) throws IOException {
        String enc = head.first("content-encoding");
        if (enc == null || !enc.toLowerCase(Locale.ROOT).contains("gzip") || body.length == 0) {
            return body;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] out = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, options.maxBody() + 1));
            if (out.length > options.maxBody()) {
                throw new BodyTooLargeException("the gzip body from " + u + " decodes to over the cap of " + options.maxBody() + " bytes");
            }
            return out;
        } catch (java.util.zip.ZipException e) {
            throw new IOException("the gzip body from " + u + " does not decode: " + e.getMessage(), e);
        }
    }

    private GreenSocket takeIdle(String key) {
        ArrayDeque<GreenSocket> q = idle.get(key);
        return q == null ? null : q.pollLast();
    }

    private void release(String key, GreenSocket s, boolean keep) {
        ArrayDeque<GreenSocket> q = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (keep && q.size() < options.perHost()) {
            q.addLast(s);
        } else {
            s.close();
        }
    }

    /** Closes the idle connections. */
    @Override
    public void close() {
        idle.values().forEach(q -> q.forEach(GreenSocket::close));
        idle.clear();
    }
}
