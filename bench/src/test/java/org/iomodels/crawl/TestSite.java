package org.iomodels.crawl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local site for the crawler's tests: routes of canned responses, a fixed latency, and what a
 * crawler's politeness is judged by, counted on the server's side: requests per path, and the
 * most requests at once in their latency (which ends before the response goes, so a client's
 * next request on the same connection never overlaps its last).
 */
final class TestSite implements AutoCloseable {
    /** What a route answers; {@code n} is its request's number on that path, from 1. */
    interface Route {
        void answer(HttpExchange ex, int n) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicInteger maxInProgress = new AtomicInteger();
    private volatile long latencyMillis;

    TestSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    TestSite latency(long millis) {
        latencyMillis = millis;
        return this;
    }

    TestSite route(String path, Route r) {
        routes.put(path, r);
        return this;
    }

    /** A page of HTML linking to {@code hrefs}. */
    TestSite page(String path, String... hrefs) {
        StringBuilder html = new StringBuilder("<!doctype html><html><body>");
        for (String h : hrefs) {
            html.append("<a href=\"").append(h).append("\">").append(h).append("</a>\n");
        }
        String body = html.append("</body></html>").toString();
        return route(path, (ex, n) -> send(ex, 200, "text/html; charset=utf-8", body));
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    URI uri(String path) {
        return URI.create(url(path));
    }

    int requests(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    int totalRequests() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    int maxInProgress() {
        return maxInProgress.get();
    }

    static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (type != null) {
            ex.getResponseHeaders().set("Content-Type", type);
        }
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        int n = requests.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        int now = inProgress.incrementAndGet();
        maxInProgress.accumulateAndGet(now, Math::max);
        try {
            try {
                if (latencyMillis > 0) {
                    Thread.sleep(latencyMillis);
                }
            } finally {
                inProgress.decrementAndGet(); // before the response: the client cannot start its next request inside this window
            }
            Route r = routes.get(path);
            if (r == null) {
                send(ex, 404, "text/plain", "no such page: " + path);
            } else {
                r.answer(ex, n);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
