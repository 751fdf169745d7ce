package org.iomodels.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** wrk driven as the bench drives it: pipeline.lua sends K requests per write, and the Netty HTTP peer answers them all. */
@Timeout(60)
class WrkProcessTest {
    private static Path wrk;

    @BeforeAll
    static void needsWrk() {
        wrk = WrkProcess.find();
        Assumptions.assumeTrue(wrk != null, "wrk is not installed (apt-get install wrk): " + WrkProcess.MISSING);
    }

    @Test
    void pipelineScriptSendsKRequestsPerWrite(@TempDir Path dir) throws Exception {
        int depth = 5;
        try (CountingHttpServer server = new CountingHttpServer()) {
            String url = "http://127.0.0.1:" + server.port() + "/plaintext";
            List<String> command = WrkProcess.command(wrk, 1, 1, 1, url, WrkProcess.pipelineScript(dir), depth);
            WrkOutput out = WrkProcess.start(command).await(30).output();
            assertNull(out.failure(), String.valueOf(out.failure()));
            long received = server.requests.get();
            // wrk writes a whole batch and waits for all its answers before the next: the server sees whole batches.
            assertEquals(0, received % depth, received + " requests received");
            assertTrue(out.requests() <= received && out.requests() >= received - depth,
                    "wrk completed " + out.requests() + ", the server answered " + received);
            assertEquals("GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n", server.first.get());
            assertEquals(depth, server.firstRead.get(), "requests in the first read (one write of a few hundred bytes over loopback)");
        }
    }

    @Test
    void nettyPeerAnswersPlainAndPipelinedLoad(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (ServerProcess netty = ServerProcess.start(List.of(java, "-cp", System.getProperty("java.class.path"),
                NettyHttpServer.class.getName(), "epoll", "0", "1"))) {
            String url = "http://127.0.0.1:" + netty.port + HttpRun.PATH;
            WrkProcess.Result plain = WrkProcess.start(WrkProcess.command(wrk, 1, 8, 1, url, null, 1)).await(30);
            WrkProcess.Result piped = WrkProcess.start(WrkProcess.command(wrk, 1, 8, 1, url, WrkProcess.pipelineScript(dir), 16)).await(30);
            for (WrkProcess.Result r : List.of(plain, piped)) {
                assertNull(r.output().failure(), r.output().failure());
                assertTrue(r.output().requests() >= 8 * 16, "at least a batch per connection: " + r.output());
                assertTrue(r.output().bytesPerSec() > r.output().requestsPerSec() * 100, "a response is over 100 bytes: " + r.output());
                assertTrue(r.cores() > 0, "wrk's CPU was sampled: " + r.cores());
            }
            assertTrue(plain.output().p99() > 0, "latency measured: " + plain.output());
        }
    }

    /** Answers every request it receives with a 13-byte body, counting them and keeping the first. */
    private static final class CountingHttpServer implements AutoCloseable {
        private static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nHello, World!".getBytes(StandardCharsets.US_ASCII);
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicLong requests = new AtomicLong();
        final AtomicReference<String> first = new AtomicReference<>();
        final AtomicLong firstRead = new AtomicLong(-1);

        CountingHttpServer() throws IOException {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        Socket s = listener.accept();
                        Thread.ofPlatform().daemon().start(() -> serve(s));
                    }
                } catch (IOException closed) {
                    // close() ends the accept loop
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        /** Counts request ends (CRLF CRLF; these requests have no body) across reads, answering each. */
        private void serve(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                StringBuilder seen = new StringBuilder();
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) > 0) {
                    seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    int end;
                    int inThisRead = 0;
                    while ((end = seen.indexOf("\r\n\r\n")) >= 0) {
                        first.compareAndSet(null, seen.substring(0, end + 4));
                        seen.delete(0, end + 4);
                        requests.incrementAndGet();
                        inThisRead++;
                        out.write(RESPONSE);
                    }
                    firstRead.compareAndSet(-1, inThisRead);
                }
            } catch (IOException e) {
                // wrk closes its connections at the end
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
