package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code serve --processes N}: one port, N worker JVMs, the kernel spreading connections among them. */
@Timeout(120)
class ServeProcessesTest {
    private static final Pattern LISTENING = Pattern.compile(
            "listening on 127\\.0\\.0\\.1:(\\d+) \\(model (\\S+), (\\d+) process(?:es)?, pids \\[([0-9, ]+)]\\)");

    @TempDir
    Path dir;

    /** A started supervisor: its process, port, worker pids, stdout. */
    private record Served(Process process, int port, List<Long> pids, BufferedReader out, Path err) {
        InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", port);
        }
    }

    private Served serve(String... args) throws IOException {
        Path err = Files.createTempFile(dir, "serve", ".err");
        List<String> all = new ArrayList<>(List.of("serve", "--port", "0"));
        all.addAll(List.of(args));
        Process p = CliProcess.builder(all.toArray(String[]::new)).redirectError(err.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = LISTENING.matcher(String.valueOf(line));
        assertTrue(m.matches(), "the one listening line, got: " + line + "\n" + Files.readString(err));
        List<Long> pids = Arrays.stream(m.group(4).split(", ")).map(Long::parseLong).toList();
        return new Served(p, Integer.parseInt(m.group(1)), pids, out, err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "green", "blocking", "jdk-nio2", "io_uring"})
    void connectionsLandOnEveryWorkerAndSigtermExitsZeroWithin2s(String model) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(List.of("epoll", "green", "blocking").contains(model) || Boolean.getBoolean("iomodels.soak"),
                model + ": in the soak run only (./mvnw -pl cli test -Psoak -Dtest=ServeProcessesTest)");
        Served s = serve("--model", model, "--processes", "2", "--stats");
        List<SocketChannel> clients = new ArrayList<>();
        try {
            assertEquals(2, s.pids().size());
            for (int i = 0; i < 60; i++) {
                clients.add(SocketChannel.open(s.address()));
            }
            for (SocketChannel c : clients) {
                echo(c); // traffic on every connection, open while SIGTERM comes
            }
            long t0 = System.nanoTime();
            CliProcess.signal(s.process(), "TERM");
            assertEquals(0, CliProcess.exitCode(s.process(), 10), Files.readString(s.err()));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis < 2000, model + ": exit " + millis + " ms after SIGTERM");
            List<String> stats = s.out().lines().toList();
            assertTrue(stats.getFirst().startsWith("stats model=" + model + " msgs="), stats.toString());
            assertTrue(stats.getFirst().contains(" processes=2 reported=2"), stats.toString());
            assertEquals(2, stats.size() - 1, stats.toString());
            long sum = 0;
            for (String w : stats.subList(1, stats.size())) {
                long msgs = msgs(w);
                assertTrue(msgs > 0, "every worker got connections (the kernel spreads them): " + stats);
                sum += msgs;
            }
            assertEquals(msgs(stats.getFirst()), sum, "the first line sums the workers': " + stats);
            assertTrue(sum >= 60, "every connection's message was read: " + stats);
            for (long pid : s.pids()) {
                assertTrue(ProcessHandle.of(pid).isEmpty() || !ProcessHandle.of(pid).get().isAlive(), "worker " + pid + " ended");
            }
        } finally {
            s.process().destroyForcibly();
            for (SocketChannel c : clients) {
                c.close();
            }
        }
    }

    @Test
    void aKilledWorkerIsRestartedAndOnlyItsConnectionsAreLost() throws Exception {
        Served s = serve("--model", "epoll", "--processes", "2");
        List<SocketChannel> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                SocketChannel c = SocketChannel.open(s.address());
                echo(c);
                clients.add(c);
            }
            ProcessHandle victim = ProcessHandle.of(s.pids().getFirst()).orElseThrow();
            victim.destroyForcibly();
            victim.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            int lost = 0;
            for (SocketChannel c : clients) {
                try {
                    echo(c);
                } catch (IOException e) {
                    lost++;
                }
            }
            assertTrue(lost > 0 && lost < 40, "only the dead worker's connections are lost: " + lost + " of 40");
            String err = awaitInFile(s.err(), "worker 1 restarted (pid ");
            assertTrue(err.contains("worker 1 (pid " + victim.pid() + ") died: signal 9 (SIGKILL); starting another in 100 ms"), err);
            assertTrue(err.contains("worker 1 restarted (pid "), err);
            for (int i = 0; i < 20; i++) {
                try (SocketChannel c = SocketChannel.open(s.address())) {
                    echo(c); // served, wherever the kernel sends it
                }
            }
            CliProcess.signal(s.process(), "TERM");
            assertEquals(0, CliProcess.exitCode(s.process(), 10));
        } finally {
            s.process().destroyForcibly();
            for (SocketChannel c : clients) {
                c.close();
            }
        }
    }

    @Test
    void aSecondServerOnTheSamePortIsRefusedNotSharedWith() throws Exception {
        Served first = serve("--model", "epoll", "--processes", "1");
        try {
            Process p = CliProcess.builder("serve", "--model", "epoll", "--processes", "1", "--port", Integer.toString(first.port())).start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, CliProcess.exitCode(p, 30), err);
            assertEquals("iomodels serve: cannot listen on 127.0.0.1:" + first.port() + ": address already in use", err.strip());
            CliProcess.signal(first.process(), "TERM");
            assertEquals(0, CliProcess.exitCode(first.process(), 10));
        } finally {
            first.process().destroyForcibly();
        }
    }

    @Test
    void aSupervisorKilledBySigkillLeavesNoWorker() throws Exception {
        Served s = serve("--model", "green", "--processes", "2");
        try {
            s.process().destroyForcibly();
            s.process().waitFor();
            long end = System.nanoTime() + 15_000_000_000L;
            for (long pid : s.pids()) {
                while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < end) {
                    Thread.sleep(50);
                }
                assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "worker " + pid + " outlived its supervisor");
            }
        } finally {
            for (long pid : s.pids()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void aPortInUseIsOneClearErrorAndBadCountsExitTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Process p = CliProcess.builder("serve", "--model", "epoll", "--processes", "2", "--port", Integer.toString(taken.getLocalPort()))
                    .start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, CliProcess.exitCode(p, 30), err);
            assertEquals("iomodels serve: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": address already in use", err.strip(),
                    "one line, worded as a single process's");
        }
        for (String bad : List.of("0", "x", "-1")) {
            CliProcess.Result r = CliProcess.runCapturing("serve", "--model", "epoll", "--processes", bad);
            assertEquals(2, r.code(), bad + ": " + r.err());
            assertTrue(r.err().contains("--processes"), r.err());
        }
    }

    private static long msgs(String statsLine) {
        return Long.parseLong(statsLine.replaceAll(".* msgs=(\\d+) .*", "$1"));
    }

    private static void echo(SocketChannel c) throws IOException {
        c.write(ByteBuffer.wrap(new byte[] {'p', 'i', 'n', 'g'}));
        ByteBuffer back = ByteBuffer.allocate(4);
        while (back.hasRemaining()) {
            if (c.read(back) < 0) {
                throw new IOException("closed before its echo");
            }
        }
    }

    private static String awaitInFile(Path file, String text) throws Exception {
        long end = System.nanoTime() + 30_000_000_000L;
        String s = Files.readString(file);
        while (!s.contains(text) && System.nanoTime() < end) {
            Thread.sleep(50);
            s = Files.readString(file);
        }
        return s;
    }
}
