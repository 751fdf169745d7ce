package org.iomodels.green.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.iomodels.engine.Engines;
import org.iomodels.green.Green;
import org.iomodels.green.GreenServerSocket;
import org.iomodels.green.GreenSocket;
import org.iomodels.green.OnThread;
import org.iomodels.protocol.http.Http;
import org.iomodels.protocol.http.HttpConfig;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.junit.jupiter.api.Test;

/** The green HTTP client against the project's own server and against canned raw responses: parsed right, or a clear error, never a hang. */
class HttpClientTest {
    /** Serves each request with {@code answer(path)} (raw bytes, written as they are) on a greenlet of this hub; null: stall. */
    private static int cannedServer(Function<String, byte[]> answer) throws IOException {
        GreenServerSocket server = GreenServerSocket.listen("127.0.0.1", 0, 64);
        Green.spawn(() -> {
            for (;;) {
                GreenSocket c = server.accept();
                Green.spawn(() -> {
                    try (c) {
                        ByteArrayOutputStream head = new ByteArrayOutputStream();
                        ByteBuffer b = ByteBuffer.allocate(4096);
                        for (;;) {
                            if (c.recvInto(b.clear()) == 0) {
                                return null;
                            }
                            head.write(b.array(), 0, b.position());
                            String text = head.toString(StandardCharsets.ISO_8859_1);
                            int end;
                            while ((end = text.indexOf("\r\n\r\n")) >= 0) {
                                String path = text.substring(text.indexOf(' ') + 1, text.indexOf(" HTTP/"));
                                byte[] reply = answer.apply(path);
                                if (reply == null) {
                                    Green.sleep(60); // stall
                                }
                                c.sendAll(reply);
                                text = text.substring(end + 4);
                                head.reset();
                                head.write(text.getBytes(StandardCharsets.ISO_8859_1));
                                if (new String(reply, StandardCharsets.ISO_8859_1).contains("Connection: close")) {
                                    return null;
                                }
                            }
                        }
                    }
                });
            }
        });
        return server.address().getPort();
    }

    private static byte[] raw(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void framingsRedirectsGzipAndKeepAliveAreRead() throws Exception {
        OnThread.run(() -> {
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
                z.write(raw("squeezed ".repeat(100)));
            }
            Map<String, byte[]> answers = Map.of(
                    "/length", raw("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"),
                    "/chunked", raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nwiki\r\n5\r\npedia\r\n0\r\nTrailer: x\r\n\r\n"),
                    "/close", raw("HTTP/1.0 200 OK\r\nConnection: close\r\n\r\nuntil the end"),
                    "/a", raw("HTTP/1.1 302 Found\r\nLocation: /b\r\nContent-Length: 0\r\n\r\n"),
                    "/b", raw("HTTP/1.1 301 Moved\r\nLocation: length\r\nContent-Length: 0\r\n\r\n"),
                    "/gzip", concat(raw("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.size() + "\r\n\r\n"), gz.toByteArray()));
            int port = cannedServer(answers::get);
            String base = "http://127.0.0.1:" + port;
            try (HttpClient client = new HttpClient()) {
                assertEquals("hello", client.get(base + "/length").text());
                assertEquals("wikipedia", client.get(base + "/chunked").text());
                assertEquals(1, client.connects(), "kept alive: one connection for both");
                assertEquals("until the end", client.get(base + "/close").text());
                HttpResponse r = client.get(base + "/a");
                assertEquals(200, r.status());
                assertEquals(2, r.redirects());
                assertEquals(base + "/length", r.url().toString());
                assertEquals("squeezed ".repeat(100), client.get(base + "/gzip").text());
                HttpResponse h = client.head(base + "/length");
                assertEquals(0, h.body().length, "HEAD has no body, whatever its Content-Length");
            }
        });
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void badResponsesFailWithAClearErrorAndNothingHangs() throws Exception {
        OnThread.run(() -> {
            Map<String, byte[]> answers = Map.of(
                    "/loop", raw("HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n"),
                    "/big", raw("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + "x".repeat(5000)),
                    "/bigchunks", raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000\r\n" + "y".repeat(4096) + "\r\n0\r\n\r\n"),
                    "/stall", raw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b"),
                    "/garbage", raw("SMTP ready\r\n\r\n"));
            int port = cannedServer(p -> p.equals("/forever") ? null : answers.get(p));
            String base = "http://127.0.0.1:" + port;
            HttpClient.Options o = HttpClient.Options.defaults().withTimeouts(2, 0.2, 1).withMaxBody(1000).withMaxRedirects(3);
            try (HttpClient client = new HttpClient(o)) {
                assertTrue(assertThrows(IOException.class, () -> client.get(base + "/loop")).getMessage()
                        .startsWith("too many redirects (3)"));
                assertTrue(assertThrows(IOException.class, () -> client.get(base + "/big")).getMessage()
                        .contains("5000 bytes, over the cap of 1000"));
                assertTrue(assertThrows(IOException.class, () -> client.get(base + "/bigchunks")).getMessage()
                        .contains("over the cap of 1000"));
                assertTrue(assertThrows(SocketTimeoutException.class, () -> client.get(base + "/stall")).getMessage()
                        .contains("timed out after 0.2 s"), "a server that stalls mid-body: the read timeout");
                assertTrue(assertThrows(IOException.class, () -> client.get(base + "/garbage")).getMessage()
                        .startsWith("bad status line from 127.0.0.1:" + port + ": 'SMTP ready'"));
                HttpClient patient = new HttpClient(HttpClient.Options.defaults().withTimeouts(2, 30, 0.3));
                assertTrue(assertThrows(SocketTimeoutException.class, () -> patient.get(base + "/forever")).getMessage()
                        .contains("no complete response within 0.3 s"), "the total timeout");
                patient.close();
                assertTrue(assertThrows(IOException.class, () -> client.get("https://127.0.0.1:" + port + "/")).getMessage()
                        .contains("crawl --mode virtual fetches it"));
            }
        });
    }

    @Test
    void aRelativeRedirectFromAnEmptyPathAndABadGzipLeaveTheClientSound() throws Exception {
        OnThread.run(() -> {
            Map<String, byte[]> answers = Map.of(
                    "/", raw("HTTP/1.1 302 Found\r\nLocation: length\r\nContent-Length: 0\r\n\r\n"),
                    "/length", raw("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"),
                    "/badgzip", raw("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\nnope"));
            int port = cannedServer(answers::get);
            String base = "http://127.0.0.1:" + port;
            try (HttpClient client = new HttpClient()) {
                HttpResponse r = client.get(base); // no path at all
                assertEquals(base + "/length", r.url().toString());
                assertTrue(assertThrows(IOException.class, () -> client.get(base + "/badgzip")).getMessage().contains("does not decode"));
                assertEquals("hello", client.get(base + "/length").text(), "the pool holds no closed socket");
            }
        });
    }

    @Test
    void manyGreenletsFetchFromTheProjectsOwnServerAtOnce() throws Exception {
        Http http = new Http(HttpConfig.defaults());
        try (Server server = Engines.open(IoModel.EPOLL, ServerConfig.defaults(), http).start()) {
            int port = server.address().getPort();
            OnThread.run(() -> {
                try (HttpClient client = new HttpClient()) {
                    var all = new java.util.ArrayList<org.iomodels.green.GreenThread<String>>();
                    for (int i = 0; i < 40; i++) {
                        all.add(Green.spawn(() -> client.get("http://127.0.0.1:" + port + "/plaintext").text()));
                    }
                    Green.joinAll(all, 20, true, all.size());
                    for (var g : all) {
                        assertEquals("Hello, World!", g.get());
                    }
                    assertTrue(client.connects() <= 40, "connections: " + client.connects());
                    assertEquals(404, client.get("http://127.0.0.1:" + port + "/no-such-route").status());
                }
            });
        } finally {
            http.close();
        }
    }
}
