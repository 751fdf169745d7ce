package org.iomodels.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The selectors echo example under load: byte-exact for every client, untouched by others' resets. */
@Timeout(120)
class SelectorsEchoTest {
    private static final int CLIENTS = 200;
    private static final int MAX_SIZE = 64 * 1024;

    @Test
    void echoesByteExactUnder200ConcurrentClientsSomeResetting() throws Exception {
        warmUpVirtualThreadPoller();
        long fdsBefore = openFds();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SelectorsEcho server = SelectorsEcho.open("127.0.0.1", 0, new PrintStream(log, true, StandardCharsets.UTF_8));
        int port = server.port();
        Thread loop = Thread.ofPlatform().name("echo-loop").start(() -> {
            try {
                server.serve();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });

        AtomicInteger resets = new AtomicInteger();
        List<Future<Long>> results = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CLIENTS; i++) {
                long seed = 1000 + i;
                boolean resetter = i % 7 == 3; // about one client in seven resets mid-stream
                results.add(clients.submit(() -> resetter ? resetMidStream(port, seed, resets) : echoClient(port, seed)));
            }
            long bytes = 0;
            for (Future<Long> f : results) {
                bytes += f.get(60, TimeUnit.SECONDS);
            }
            assertTrue(bytes > CLIENTS / 2 * MAX_SIZE / 2, "clients exchanged too little: " + bytes);
        }
        assertTrue(resets.get() > 20, "not enough clients reset: " + resets.get());

        // The server survived every reset: a fresh client is still served byte-exact.
        assertTrue(echoClient(port, 42) > 0);

        server.stop();
        loop.join(5_000);
        assertTrue(!loop.isAlive(), "serve() did not return after stop()");
        server.close();
        assertEquals(fdsBefore, openFds(), "the server must release every descriptor it opened");
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("stopped after " + (CLIENTS + 1) + " connections"), text.lines().reduce((a, b) -> b).orElse(""));
    }

    /** Sends several messages of random sizes in random splits; each echo must come back byte-exact. */
    private static long echoClient(int port, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long total = 0;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int m = 0; m < 4; m++) {
                byte[] message = new byte[1 + random.nextInt(MAX_SIZE)];
                random.nextBytes(message);
                for (int off = 0; off < message.length; ) {
                    int chunk = Math.min(message.length - off, 1 + random.nextInt(message.length));
                    out.write(message, off, chunk);
                    off += chunk;
                }
                byte[] echoed = new byte[message.length];
                in.readFully(echoed);
                assertArrayEquals(message, echoed, "client " + seed + " message " + m);
                total += message.length;
            }
        }
        return total;
    }

    /** Sends part of a message, then resets the connection (SO_LINGER 0 makes close send RST). */
    private static long resetMidStream(int port, long seed, AtomicInteger resets) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            byte[] part = new byte[1 + random.nextInt(MAX_SIZE)];
            random.nextBytes(part);
            socket.getOutputStream().write(part);
            socket.setSoLinger(true, 0);
        }
        resets.incrementAndGet();
        return 0;
    }

    /** The JDK opens its virtual-thread poller's descriptors on first use: open them before counting. */
    private static void warmUpVirtualThreadPoller() throws Exception {
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0)) {
            Thread client = Thread.ofVirtual().start(() -> {
                try (Socket s = new Socket("127.0.0.1", listener.getLocalPort())) {
                    s.getInputStream().read();
                } catch (IOException ignored) {
                    // the accepted side closes at once: end of stream or a reset, either will do
                }
            });
            listener.accept().close();
            client.join();
        }
    }

    static long openFds() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
