package org.iomodels.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.iomodels.cli.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The seeds' blocking, non-blocking and select echo servers: byte-exact, stoppable, and each true to its model. */
@Timeout(30)
class SeedEchoExamplesTest {
    private static final int CLIENTS = 8;

    /** A server serving on its own thread, with its log kept for the test to read. */
    private record Running(EchoExample server, Thread thread, ByteArrayOutputStream log, int port) {
        static Running start(String kind) throws IOException {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
            EchoExample server = switch (kind) {
                case "blocking" -> BlockingEcho.open("127.0.0.1", 0, out);
                case "nonblocking" -> NonblockingEcho.open("127.0.0.1", 0, out);
                case "select" -> SelectEcho.open("127.0.0.1", 0, out);
                default -> throw new IllegalArgumentException(kind);
            };
            String address = server.address();
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            Thread thread = Thread.ofPlatform().name(kind + "-echo").start(() -> {
                try {
                    server.serve();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            return new Running(server, thread, log, port);
        }

        /** Stops it, checks serve() returned, closes it; returns the log. */
        String stop() throws Exception {
            server.stop();
            thread.join(5_000);
            assertFalse(thread.isAlive(), "serve() did not return after stop()");
            server.close();
            return log.toString(StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "nonblocking", "select"})
    void echoesByteExactForConcurrentClientsAndReleasesEveryDescriptor(String kind) throws Exception {
        Running warmUp = Running.start(kind); // the JDK keeps a descriptor it opens on first socket use
        assertTrue(echoClient(warmUp.port(), 99) > 0);
        warmUp.stop();
        var fdsBefore = openFds();
        Running running = Running.start(kind);
        try (ExecutorService clients = Executors.newCachedThreadPool()) {
            List<Future<Long>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                long seed = c;
                done.add(clients.submit(() -> echoClient(running.port(), seed)));
            }
            for (Future<Long> f : done) {
                assertTrue(f.get(20, TimeUnit.SECONDS) > 0);
            }
        }
        String log = running.stop();
        var left = new java.util.TreeSet<>(openFds());
        left.removeAll(fdsBefore);
        assertEquals(java.util.Set.of(), left, "every descriptor the server opened must be closed");
        assertTrue(log.contains("stopped after " + CLIENTS + " connections"), log);
        if (kind.equals("nonblocking")) {
            assertTrue(log.lines().anyMatch(l -> l.matches("stopped after 8 connections: \\d+ passes, [1-9]\\d* EAGAINs, \\d+ idle sleeps")), log);
        }
    }

    @Test
    void blockingEchoServesOneClientAtATimeAndStopsWhileServing() throws Exception {
        Running running = Running.start("blocking");
        try (Socket first = new Socket("127.0.0.1", running.port());
             Socket second = new Socket("127.0.0.1", running.port())) { // the kernel completes both handshakes
            assertEquals("one", roundTrip(first, "one"));
            second.setSoTimeout(500);
            second.getOutputStream().write("two".getBytes(StandardCharsets.US_ASCII));
            assertThrows(SocketTimeoutException.class, () -> second.getInputStream().read(),
                    "a concurrent server would answer the second client now; this one serves the first");
            first.close();
            second.setSoTimeout(10_000);
            assertEquals("two", new String(second.getInputStream().readNBytes(3), StandardCharsets.US_ASCII));
            String log = running.stop(); // the second client is still connected and idle
            assertTrue(log.contains("connection 1 closed after 3 bytes"), log);
            assertEquals(-1, second.getInputStream().read(), "stop() must end the served connection too");
        }
    }

    @Test
    void selectEchoClosesAConnectionWhoseDescriptorSelectCannotWatch() throws Exception {
        Running running = Running.start("select");
        List<org.iomodels.sys.NativeSocket> filler = new ArrayList<>();
        try {
            // Take every descriptor below FD_SETSIZE, so the next accepted one is 1024 or more.
            while (filler.isEmpty() || filler.getLast().fileno() < org.iomodels.sys.Select.FD_SETSIZE) {
                filler.addAll(List.of(org.iomodels.sys.NativeSocket.pair()));
            }
            try (Socket unwatchable = new Socket("127.0.0.1", running.port())) {
                unwatchable.setSoTimeout(10_000);
                assertEquals(-1, unwatchable.getInputStream().read(), "select-echo must close what it cannot watch");
            }
        } finally {
            filler.forEach(org.iomodels.sys.NativeSocket::close);
        }
        try (Socket fine = new Socket("127.0.0.1", running.port())) {
            assertEquals("still serving", roundTrip(fine, "still serving"));
        }
        String log = running.stop();
        assertTrue(log.contains(">= FD_SETSIZE (1024), select(2) cannot watch it"), log);
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking-echo", "nonblocking-echo", "select-echo", "gevent-echo"})
    void processEchoesThenExitsZeroOnSigtermWithAClientConnected(String example) throws Exception {
        Process server = CliProcess.builder("example", example, "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (Socket client = new Socket("127.0.0.1", CliProcess.awaitListening(server))) {
            client.setSoTimeout(10_000);
            assertEquals("hello\n", roundTrip(client, "hello\n"));
            CliProcess.signal(server, "TERM");
            assertEquals(0, CliProcess.exitCode(server, 5), "exit status after SIGTERM");
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void exampleListShowsAllEighteenOnOneLineEach() {
        StringWriter out = new StringWriter();
        assertEquals(0, CliProcess.runInProcess(out, "example", "--list"));
        List<String> lines = out.toString().lines().toList();
        assertEquals(18, lines.size(), out.toString());
        for (String name : List.of("blocking-echo", "nonblocking-echo", "select-echo", "selectors-echo", "gevent-sleep",
                "greenlet-switch", "message-loop", "gevent-echo", "gevent-blocking", "crawl", "mp-queue", "mp-pipe", "mp-lock", "mp-manager", "mp-pool", "mp-map", "mp-pool-crash", "prefork")) {
            assertTrue(lines.stream().anyMatch(l -> l.matches(name + " +\\S.*")), name + " missing from:\n" + out);
        }
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(bytes);
        return new String(socket.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
    }

    /** Four messages of 1 B..64 KiB, each written in random pieces; each echo must match byte for byte. */
    private static long echoClient(int port, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long total = 0;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int m = 0; m < 4; m++) {
                byte[] message = new byte[1 + random.nextInt(64 * 1024)];
                random.nextBytes(message);
                for (int off = 0; off < message.length; ) {
                    int piece = Math.min(message.length - off, 1 + random.nextInt(message.length));
                    out.write(message, off, piece);
                    off += piece;
                }
                byte[] echoed = new byte[message.length];
                in.readFully(echoed);
                assertArrayEquals(message, echoed, "client " + seed + " message " + m);
                total += message.length;
            }
        }
        return total;
    }

    /** This process's open descriptors, each as {@code fd -> what it is}. */
    private static java.util.Set<String> openFds() throws IOException {
        java.util.Set<String> fds = new java.util.TreeSet<>();
        try (var s = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            for (var fd : s.toList()) {
                try {
                    fds.add(fd.getFileName() + " -> " + java.nio.file.Files.readSymbolicLink(fd));
                } catch (IOException e) {
                    // the descriptor that listed the directory, closed by now
                }
            }
        }
        return fds;
    }
}
