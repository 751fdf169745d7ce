package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iomodels.server.IoModel;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Out of descriptors, as a user would meet it: {@code serve} under {@code prlimit --nofile=64}
 * and 80 clients. Accepting pauses with one log line and costs next to no CPU (no spin on
 * EMFILE), the connections it has keep working, a client it cannot take is closed at once
 * through the reserve descriptor instead of waiting unanswered in the backlog, and it accepts
 * again once descriptors free up.
 */
@Timeout(120)
class FdExhaustionTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) \\(model (\\S+)\\)");
    /** CPU the server may use while out of descriptors: 1 % of a core. */
    private static final double MAX_PAUSED_SHARE = 0.01;
    /**
     * {@code nonblocking} has no readiness call: every round tries a read on each of its ~60
     * connections and sleeps at most 5 ms between rounds, paused or not. That polling, about 3 %
     * of a core here, is the model's own cost, not the pause's.
     */
    private static final double MAX_POLLING_SHARE = 0.08;

    /** The models of the default run: one of each accept path's kind (a thread, a readiness loop, the ring, the JDK's, greenlets); -Psoak runs all. */
    static final java.util.Set<IoModel> DEFAULT_RUN = java.util.EnumSet.of(IoModel.BLOCKING, IoModel.NONBLOCKING, IoModel.EPOLL,
            IoModel.IO_URING, IoModel.JDK_NIO, IoModel.GREEN);

    @ParameterizedTest
    @EnumSource(IoModel.class)
    void aServerOutOfDescriptorsSleepsClosesWhomItCannotTakeAndRecovers(IoModel model) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(DEFAULT_RUN.contains(model) || Boolean.getBoolean("iomodels.soak"),
                model.cliName() + ": in the soak run only (./mvnw -pl cli test -Psoak -Dtest=FdExhaustionTest)");
        List<String> cmd = new ArrayList<>(List.of("prlimit", "--nofile=64:64"));
        cmd.addAll(CliProcess.builder("serve", "--model", model.cliName(), "--port", "0").command());
        Path err = Files.createTempFile("iomodels-emfile", ".err");
        Process server = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        List<Socket> clients = new ArrayList<>();
        try {
            var stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            Matcher m = LISTENING.matcher(String.valueOf(stdout.readLine()));
            assertTrue(m.matches());
            int port = Integer.parseInt(m.group(1));
            // Warm up first: run from class directories (as tests are), the JVM opens a file for
            // each class it loads, and a class first needed after the fds ran out cannot load.
            // The launcher runs from jars, which stay open.
            echo(port, "warm-up");
            for (int i = 0; i < 80; i++) { // the kernel completes these handshakes; the server cannot take them all
                clients.add(new Socket("127.0.0.1", port));
            }
            Thread.sleep(500);
            long cpuBefore = cpuNanos(server.pid());
            long t = System.nanoTime();
            Thread.sleep(3000);
            double share = (double) (cpuNanos(server.pid()) - cpuBefore) / (System.nanoTime() - t);
            System.out.printf("%s: %.2f %% of a core while out of descriptors%n", model, share * 100);
            double bound = model == IoModel.NONBLOCKING ? MAX_POLLING_SHARE : MAX_PAUSED_SHARE;
            assertTrue(share <= bound, String.format("%s used %.2f %% of a core while out of fds: spinning", model, share * 100));

            long t0 = System.nanoTime();
            try (Socket late = new Socket("127.0.0.1", port)) {
                late.getOutputStream().write('y');
                String outcome = closedOrEchoed(late, 2_000);
                if (outcome == null) { // the server's log says what its acceptor was doing
                    fail(model + ": a client over the limit was left waiting 2 s in silence; the server said:\n" + Files.readString(err));
                }
                System.out.println(model + ": a client over the descriptor limit was " + outcome + " after "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms");
            }

            Socket first = clients.getFirst();
            first.getOutputStream().write('x');
            first.setSoTimeout(5_000);
            assertEquals('x', first.getInputStream().read(), "a connection accepted before the limit still works");
            for (Socket c : clients) {
                c.close();
            }
            clients.clear();
            echoOnceServed(port, "served again after descriptors were freed");
            String log = awaitLog(err, "accepting again");
            // One line per episode: a spin would print thousands. A freed descriptor (the JVM
            // closing a file) can end an episode early and the next accept start another.
            long pauses = log.lines().filter(l -> l.contains("pausing accepts")).count();
            assertTrue(pauses >= 1 && pauses <= 5, pauses + " pause lines:\n" + log);
        } finally {
            for (Socket c : clients) {
                c.close();
            }
            server.destroyForcibly().waitFor();
            Files.deleteIfExists(err);
        }
    }

    /**
     * What became of a client that sent one byte, within {@code millis}: "closed" (end of stream or
     * reset), "served" (its echo came: a descriptor had freed up, the JVM closing a file, say), or
     * null if it heard nothing at all.
     */
    private static String closedOrEchoed(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        try {
            int b = s.getInputStream().read();
            return b < 0 ? "closed" : b == 'y' ? "served" : "answered with " + b;
        } catch (SocketTimeoutException e) {
            return null;
        } catch (SocketException e) {
            return "closed"; // a reset is a close too
        }
    }

    private static String awaitLog(Path err, String text) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String log = "";
        while (System.nanoTime() < deadline && !log.contains(text)) {
            Thread.sleep(100);
            log = Files.readString(err);
        }
        assertTrue(log.contains(text), "no '" + text + "' in:\n" + log);
        return log;
    }

    /** Echoes once the server serves again: a client that comes before the closed descriptors are free is closed, and retries. */
    private static void echoOnceServed(int port, String what) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                echo(port, what);
                return;
            } catch (IOException | AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static void echo(int port, String what) throws IOException {
        byte[] message = what.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(message);
            assertArrayEquals(message, socket.getInputStream().readNBytes(message.length), what);
        }
    }

    /**
     * CPU time of a process's threads in nanoseconds, from each thread's {@code schedstat}: exact,
     * where /proc/PID/stat's clock ticks charge a whole tick to a thread that happens to be
     * running when the tick comes, and so overcharge one that wakes on a timer.
     */
    private static long cpuNanos(long pid) throws IOException {
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    sum += Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return sum;
    }
}
