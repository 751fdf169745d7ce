package org.iomodels.protocol.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.iomodels.engine.Engines;
import org.iomodels.protocol.http.HttpTestClient.Response;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The HTTP protocol on every engine, driven over plain sockets: what wrk, curl and browsers rely on. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpServerTest {
    @TempDir
    Path root;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Server serve(IoModel model, HttpConfig config) throws IOException {
        assumeTrue(Engines.isSupported(model), () -> model + ": " + Engines.unsupportedReason(model));
        Http http = new Http(config);
        open.add(http);
        Server server = Engines.open(model, ServerConfig.defaults().withLoops(2), http);
        open.add(server);
        http.statsFrom(server);
        return server.start();
    }

    private HttpTestClient client(Server server) throws IOException {
        HttpTestClient c = new HttpTestClient(server.address());
        open.add(c);
        return c;
    }

    @ParameterizedTest
    @EnumSource(IoModel.class)
    void pipelinedRequestsOfEveryKindAreAnsweredInOrder(IoModel model) throws Exception {
        Server server = serve(model, HttpConfig.defaults());
        HttpTestClient c = client(server);
        Random random = new Random(model.ordinal());
        ByteArrayOutputStream requests = new ByteArrayOutputStream();
        List<Expected> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add(oneRequest(random, requests));
        }
        byte[] all = requests.toByteArray();
        for (int at = 0; at < all.length; ) { // in random splits, as a network would deliver them
            int n = Math.min(all.length - at, 1 + random.nextInt(3000));
            c.send(Arrays.copyOfRange(all, at, at + n));
            at += n;
        }
        for (Expected e : expected) {
            Response r = c.read(e.head);
            assertEquals(e.status, r.status(), e.what);
            if (e.body != null) {
                assertArrayEquals(e.body, r.body(), e.what);
            }
            assertTrue(r.header("date").endsWith(" GMT"), "Date header");
            assertEquals("iomodels", r.header("server"));
        }
        c.send("GET /json HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertEquals("keep-alive", c.read().header("connection"), "an HTTP/1.0 keep-alive is granted in words");
        c.send("GET /plaintext HTTP/1.0\r\n\r\n");
        Response last = c.read();
        assertEquals("Hello, World!", last.text());
        assertEquals("close", last.header("connection"));
        assertTrue(c.closedByServer(), "HTTP/1.0 without keep-alive is closed after the response");
    }

    private record Expected(String what, int status, byte[] body, boolean head) {}

    private static Expected oneRequest(Random random, ByteArrayOutputStream out) {
        byte[] hello = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
        String request;
        Expected e;
        switch (random.nextInt(6)) {
            case 0 -> {
                request = "GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n";
                e = new Expected("plaintext", 200, hello, false);
            }
            case 1 -> {
                request = "GET /json?x=1 HTTP/1.1\r\nHost: t\r\nAccept: */*\r\n\r\n";
                e = new Expected("json", 200, "{\"message\":\"Hello, World!\"}".getBytes(StandardCharsets.US_ASCII), false);
            }
            case 2 -> {
                request = "HEAD /plaintext HTTP/1.1\r\nHost: t\r\n\r\n";
                e = new Expected("head", 200, new byte[0], true);
            }
            case 3 -> {
                byte[] body = new byte[random.nextInt(20_000)];
                random.nextBytes(body);
                out.writeBytes(("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(body);
                return new Expected("echo with length", 200, body, false);
            }
            case 4 -> {
                byte[] body = new byte[random.nextInt(20_000)];
                random.nextBytes(body);
                out.writeBytes("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                for (int at = 0; at < body.length; ) {
                    int n = Math.min(body.length - at, 1 + random.nextInt(4000));
                    out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, at, n);
                    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                    at += n;
                }
                out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return new Expected("echo chunked", 200, body, false);
            }
            default -> {
                request = "GET /missing HTTP/1.1\r\nHost: t\r\n\r\n";
                e = new Expected("missing", 404, null, false);
            }
        }
        out.writeBytes(request.getBytes(StandardCharsets.US_ASCII));
        return e;
    }

    @ParameterizedTest
    @EnumSource(IoModel.class)
    void aRefusedRequestClosesOnlyItsConnection(IoModel model) throws Exception {
        Server server = serve(model, HttpConfig.defaults());
        HttpTestClient good = client(server);
        good.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
        assertEquals(200, good.read().status());
        String[] bad = {
            "GET /plaintext HTTP/1.1\r\nHost : t\r\n\r\nGET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "GET / HTTP/3.0\r\nHost: t\r\n\r\n",
            "GET / HTTP/1.1\r\n\r\n",
        };
        int[] status = {400, 400, 505, 400};
        for (int i = 0; i < bad.length; i++) {
            HttpTestClient c = client(server);
            c.send(bad[i]);
            Response r = c.read();
            assertEquals(status[i], r.status(), bad[i]);
            assertEquals("close", r.header("connection"));
            assertTrue(r.text().startsWith(status[i] + " "), r.text());
            assertTrue(c.closedByServer(), "nothing after the refusal, not even the pipelined request");
        }
        good.send("GET /json HTTP/1.1\r\nHost: t\r\n\r\n");
        assertEquals(200, good.read().status());
        HttpTestClient stats = client(server);
        stats.send("GET /stats HTTP/1.1\r\nHost: t\r\n\r\n");
        String json = stats.read().text();
        assertTrue(json.contains("\"model\":\"" + model + "\"") && json.contains("\"refused_requests\":4"), json);
    }

    @ParameterizedTest
    @EnumSource(IoModel.class)
    void aSlowClientGets408AndAnIdleOneIsClosed(IoModel model) throws Exception {
        Server server = serve(model, HttpConfig.defaults().withHeaderTimeout(Duration.ofMillis(300)));
        HttpTestClient slow = client(server);
        HttpTestClient idle = client(server);
        idle.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
        assertEquals(200, idle.read().status());
        slow.send("GET /plaintext HTTP/1.1\r\nHo");
        HttpTestClient slowBody = client(server);
        slowBody.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc");
        HttpTestClient busy = client(server);
        for (int i = 0; i < 5; i++) { // keeps being served while the others time out
            busy.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(200, busy.read().status());
            Thread.sleep(100);
        }
        Response r = slow.read();
        assertEquals(408, r.status());
        assertEquals("close", r.header("connection"));
        assertTrue(slow.closedByServer());
        assertTrue(idle.closedByServer(), "an idle keep-alive connection is closed without a response");
        assertEquals(408, slowBody.read().status(), "the deadline covers the body too");
        assertTrue(slowBody.closedByServer());
    }

    @ParameterizedTest
    @EnumSource(IoModel.class)
    void expectContinueGetsAnInterimResponseBeforeTheBody(IoModel model) throws Exception {
        Server server = serve(model, HttpConfig.defaults().withMaxBody(1000));
        HttpTestClient c = client(server);
        c.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        assertEquals(100, c.read().status());
        c.send("hello");
        Response r = c.read();
        assertEquals(200, r.status());
        assertEquals("hello", r.text());
        c.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 1001\r\n\r\n");
        assertEquals(413, c.read().status()); // refused without asking for the body
        assertTrue(c.closedByServer());
    }

    @ParameterizedTest
    @EnumSource(IoModel.class)
    void staticFilesWithRangesConditionsAndNoWayOut(IoModel model) throws Exception {
        Path www = Files.createDirectories(root.resolve("www"));
        byte[] big = new byte[(1 << 20) + 17];
        new Random(7).nextBytes(big);
        Files.write(www.resolve("big.bin"), big);
        Files.writeString(www.resolve("index.html"), "<h1>home</h1>");
        Files.write(www.resolve("empty.txt"), new byte[0]);
        Files.createDirectories(www.resolve("sub dir"));
        Files.writeString(www.resolve("sub dir/a.css"), "p{}");
        Files.writeString(root.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(www.resolve("link.txt"), root.resolve("secret.txt"));
        Server server = serve(model, HttpConfig.defaults().withRoot(www));
        HttpTestClient c = client(server);

        c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\nGET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /sub%20dir/a.css HTTP/1.1\r\nHost: t\r\n\r\nGET /empty.txt HTTP/1.1\r\nHost: t\r\n\r\n");
        Response home = c.read();
        assertEquals("<h1>home</h1>", home.text());
        assertEquals("text/html; charset=utf-8", home.header("content-type"));
        Response file = c.read();
        assertArrayEquals(big, file.body());
        assertEquals("application/octet-stream", file.header("content-type"));
        assertEquals("text/css; charset=utf-8", c.read().header("content-type"));
        assertEquals(0, c.read().body().length);

        c.send("GET /big.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=1000-1999\r\n\r\n"
                + "GET /big.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=-10\r\n\r\n"
                + "GET /big.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=99999999-\r\n\r\n"
                + "HEAD /big.bin HTTP/1.1\r\nHost: t\r\n\r\n");
        Response part = c.read();
        assertEquals(206, part.status());
        assertEquals("bytes 1000-1999/" + big.length, part.header("content-range"));
        assertArrayEquals(Arrays.copyOfRange(big, 1000, 2000), part.body());
        assertArrayEquals(Arrays.copyOfRange(big, big.length - 10, big.length), c.read().body());
        Response unsatisfiable = c.read();
        assertEquals(416, unsatisfiable.status());
        assertEquals("bytes */" + big.length, unsatisfiable.header("content-range"));
        Response head = c.read(true);
        assertEquals(String.valueOf(big.length), head.header("content-length"));
        String lastModified = head.header("last-modified");

        c.send("GET /big.bin HTTP/1.1\r\nHost: t\r\nIf-Modified-Since: " + lastModified + "\r\n\r\n"
                + "GET /big.bin HTTP/1.1\r\nHost: t\r\nIf-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\nRange: bytes=0-0\r\n\r\n");
        Response notModified = c.read();
        assertEquals(304, notModified.status());
        assertEquals(0, notModified.body().length);
        assertEquals(206, c.read().status());

        String[] escapes = {"/../secret.txt", "/%2e%2e/secret.txt", "/sub%20dir/..%2F..%2Fsecret.txt", "/%2E%2e%2fsecret.txt"};
        for (String target : escapes) {
            c.send("GET " + target + " HTTP/1.1\r\nHost: t\r\n\r\n");
            Response r = c.read();
            assertEquals(400, r.status(), target);
        }
        c.send("GET /link.txt HTTP/1.1\r\nHost: t\r\n\r\nGET /nothing.txt HTTP/1.1\r\nHost: t\r\n\r\n");
        assertEquals(403, c.read().status());
        assertEquals(404, c.read().status());
        c.send("GET /big.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=0-3\r\n\r\n");
        assertEquals(4, c.read().body().length); // the connection survived every refusal above
    }
}
