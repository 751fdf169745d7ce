package org.iomodels.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iomodels.engine.Engines;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A refusal sent while the client is still sending must reach the client: the server half-closes
 * and discards the rest (RFC 9112 §9.6) instead of closing with bytes unread, which the kernel
 * answers with a reset that destroys the response in the client's stack (issue 11). Each client
 * here writes its whole request before it reads, as curl and most probes do.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpLingeringCloseTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Server serve(IoModel model) throws IOException {
        assumeTrue(Engines.isSupported(model), () -> model + ": " + Engines.unsupportedReason(model));
        Http http = new Http(HttpConfig.defaults());
        open.add(http);
        Server server = Engines.open(model, ServerConfig.defaults(), http);
        open.add(server);
        return server.start();
    }

    @ParameterizedTest
    @EnumSource(IoModel.class)
    void anOversizedRequestGetsItsStatusNotAReset(IoModel model) throws Exception {
        Server server = serve(model);
        String huge = "GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: t\r\n\r\n";
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: t\r\n");
        for (int i = 0; i < 200; i++) {
            many.append("X-Header-").append(i).append(": value\r\n");
        }
        String[] requests = {
            huge,
            "GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + "b".repeat(200_000) + "\r\n\r\n",
            many.append("\r\n").toString(),
        };
        int[] statuses = {414, 431, 431};
        for (int i = 0; i < requests.length; i++) {
            try (Socket s = connect(server)) {
                s.getOutputStream().write(requests[i].getBytes(StandardCharsets.ISO_8859_1));
                String response = readToEnd(s.getInputStream(), model + ", request " + i);
                assertTrue(response.startsWith("HTTP/1.1 " + statuses[i] + " "), model + ": " + firstLine(response));
                assertTrue(response.contains("\r\nConnection: close\r\n"), response);
            }
        }
        try (Socket after = connect(server)) {
            after.getOutputStream().write("GET /plaintext HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(readToEnd(after.getInputStream(), "after").startsWith("HTTP/1.1 200 "));
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoModel.class, names = {"EPOLL", "IO_URING", "JDK_NIO2", "VIRTUAL", "BLOCKING"})
    void aClientThatKeepsSendingAfterARefusalIsClosedAnyway(IoModel model) throws Exception {
        Server server = serve(model);
        try (Socket s = connect(server)) {
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/3.0\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            Thread flood = Thread.ofVirtual().start(() -> {
                byte[] junk = new byte[64 << 10];
                try {
                    for (long sent = 0; sent < 64L << 20; sent += junk.length) { // far past what lingering discards
                        out.write(junk);
                    }
                } catch (IOException e) {
                    // the server closed, as it should: this is how the flood ends
                }
            });
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);
            assertEquals("HTTP/1.1 505", new String(head, StandardCharsets.ISO_8859_1));
            flood.join(TimeUnit.SECONDS.toMillis(20));
            assertTrue(!flood.isAlive(), "a client sending 64 MiB after its refusal still held the connection after 20 s");
        }
    }

    private static Socket connect(Server server) throws IOException {
        Socket s = new Socket();
        s.connect(server.address(), 5_000);
        s.setSoTimeout(15_000);
        return s;
    }

    /** Everything until end of stream; a reset instead is the bug this class is about. */
    private static String readToEnd(InputStream in, String what) throws IOException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketException e) {
            throw new AssertionError(what + ": the response was lost to a reset (" + e.getMessage() + ")", e);
        }
    }

    private static String firstLine(String response) {
        int end = response.indexOf("\r\n");
        return end < 0 ? "'" + response + "'" : response.substring(0, end);
    }
}
