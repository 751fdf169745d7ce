package org.iomodels.protocol.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iomodels.engine.Engines;
import org.iomodels.protocol.http.HttpTestClient.Response;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code serve --protocol http --delay MS} on every engine: a slow site, answered late, whole and in order. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpDelayTest {
    private static final Duration DELAY = Duration.ofMillis(150);

    @TempDir
    Path root;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private HttpTestClient serveAndConnect(IoModel model, HttpConfig config) throws IOException {
        assumeTrue(Engines.isSupported(model), () -> model + ": " + Engines.unsupportedReason(model));
        Http http = new Http(config);
        open.add(http);
        Server server = Engines.open(model, ServerConfig.defaults(), http);
        open.add(server);
        server.start();
        HttpTestClient c = new HttpTestClient(server.address());
        open.add(c);
        return c;
    }

    @ParameterizedTest
    @EnumSource(IoModel.class)
    void pipelinedRequestsAreAnsweredLateWholeAndInOrder(IoModel model) throws Exception {
        byte[] file = new byte[300_000];
        for (int i = 0; i < file.length; i++) {
            file[i] = (byte) (i * 31);
        }
        Files.write(root.resolve("big.bin"), file);
        HttpTestClient c = serveAndConnect(model, HttpConfig.defaults().withRoot(root).withResponseDelay(DELAY));
        long t0 = System.nanoTime();
        c.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\nGET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
        Response first = c.read();
        long after = System.nanoTime() - t0;
        assertEquals(200, first.status());
        assertEquals("Hello, World!", new String(first.body(), StandardCharsets.US_ASCII));
        assertTrue(after >= DELAY.toNanos() * 9 / 10, "answered " + after / 1_000_000 + " ms after the request, sooner than "
                + DELAY.toMillis() + " ms");
        Response big = c.read();
        assertEquals(200, big.status());
        assertArrayEquals(file, big.body(), "the file, sent in its turn behind the delay");
        assertEquals("hello", new String(c.read().body(), StandardCharsets.US_ASCII));
        c.send("GET /plaintext HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        assertEquals(200, c.read().status());
        assertTrue(c.closedByServer(), "a last request still closes the connection after its delayed answer");
    }

    @ParameterizedTest
    @EnumSource(IoModel.class)
    void aClientThatHalfClosesAfterItsRequestsStillGetsTheirAnswers(IoModel model) throws Exception {
        HttpTestClient c = serveAndConnect(model, HttpConfig.defaults().withResponseDelay(DELAY));
        c.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\nGET /json HTTP/1.1\r\nHost: t\r\n\r\n");
        c.shutdownOutput(); // as `printf 'GET ...' | nc -N` does
        assertEquals("Hello, World!", new String(c.read().body(), StandardCharsets.US_ASCII));
        assertEquals(200, c.read().status());
        assertTrue(c.closedByServer(), "then the server closes");
    }

    @Test
    void aBadHeaderTimeoutIsNamedBeforeTheDelay() {
        var e = assertThrows(IllegalArgumentException.class, () -> HttpConfig.defaults().withHeaderTimeout(Duration.ZERO));
        assertTrue(e.getMessage().startsWith("headerTimeout must be positive"), e.getMessage());
    }

    @Test
    void aDelayAsLongAsTheHeaderTimeoutIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> HttpConfig.defaults()
                .withHeaderTimeout(Duration.ofSeconds(1)).withResponseDelay(Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("shorter than the header timeout"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HttpConfig.defaults().withResponseDelay(Duration.ofMillis(-1)));
    }
}
