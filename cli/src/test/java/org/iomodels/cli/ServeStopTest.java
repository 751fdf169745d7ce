package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iomodels.server.IoModel;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SIGTERM with many connections open: {@code serve} exits 0 within 2 s and every client learns
 * the server is gone (end of stream or reset), whatever the model. 2,000 connections here;
 * {@code ./mvnw test -Psoak} runs it with 19,000, the most one process holds on this machine
 * (on {@code blocking} and {@code jdk-blocking} that is 19,000 platform threads blocked in read,
 * which serve leaves for the process exit to close: waking each to end it in the JVM took 3-11 s).
 * The default run takes one model of each kind of accept path (as FdExhaustionTest); -Psoak all.
 */
@Timeout(300)
class ServeStopTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) \\(model (\\S+)\\)");
    private static final int CONNECTIONS = Integer.getInteger("iomodels.stop.connections", 2_000);

    @ParameterizedTest
    @EnumSource(value = IoModel.class, mode = EnumSource.Mode.EXCLUDE, names = "SELECT") // select holds < 1024
    void sigtermWithManyConnectionsExitsWithin2sAndClosesEveryClient(IoModel model) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(FdExhaustionTest.DEFAULT_RUN.contains(model) || Boolean.getBoolean("iomodels.soak"),
                model.cliName() + ": in the soak run only (./mvnw -pl cli test -Psoak -Dtest=ServeStopTest)");
        Process server = CliProcess.builder("serve", "--model", model.cliName(), "--port", "0",
                "--max-connections", Integer.toString(CONNECTIONS + 10)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<SocketChannel> clients = new ArrayList<>();
        try {
            var stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            Matcher m = LISTENING.matcher(String.valueOf(stdout.readLine()));
            assertTrue(m.matches());
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)));
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(SocketChannel.open(address));
            }
            for (SocketChannel c : clients) { // all at once: one by one is a poll of every socket each on poll/nonblocking
                c.write(ByteBuffer.wrap(new byte[] {'x'}));
            }
            for (SocketChannel c : clients) { // each one served: the server holds them all
                awaitEcho(c);
            }
            long t0 = System.nanoTime();
            CliProcess.signal(server, "TERM");
            assertEquals(0, CliProcess.exitCode(server, 10), "exit status after SIGTERM");
            long millis = (System.nanoTime() - t0) / 1_000_000;
            System.out.println(model + ": exit 0 " + millis + " ms after SIGTERM with " + CONNECTIONS + " connections");
            assertTrue(millis < 2_000, model + " took " + millis + " ms to exit after SIGTERM with " + CONNECTIONS + " connections");
            List<SocketChannel> open = new ArrayList<>(clients);
            long until = System.nanoTime() + 2_000_000_000L; // loopback delivers 19,000 FINs in a moment, not at once
            while (!open.isEmpty() && System.nanoTime() < until) {
                open.removeIf(ServeStopTest::closedByServer);
                Thread.sleep(open.isEmpty() ? 0 : 20);
            }
            assertEquals(0, open.size(), "clients that had not learned the server was gone 2 s after it exited");
        } finally {
            server.destroyForcibly(); // first, and without waiting: a timed-out test is interrupted here
            for (SocketChannel c : clients) {
                c.close();
            }
        }
    }

    private static void awaitEcho(SocketChannel c) throws IOException {
        ByteBuffer back = ByteBuffer.allocate(1);
        while (back.hasRemaining()) {
            if (c.read(back) < 0) {
                throw new IOException("closed before its echo");
            }
        }
    }

    /** Whether the connection has ended; a read that would wait means it has not. */
    private static boolean closedByServer(SocketChannel c) {
        try {
            c.configureBlocking(false);
            return c.read(ByteBuffer.allocate(16)) < 0;
        } catch (SocketException e) {
            return true; // reset
        } catch (IOException e) {
            return true;
        }
    }
}
