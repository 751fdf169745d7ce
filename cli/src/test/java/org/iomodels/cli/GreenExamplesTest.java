package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iomodels.examples.GreenletSwitch;
import org.iomodels.examples.MessageLoop;
import org.junit.jupiter.api.Test;

/** The coroutine examples print what their header comments promise, in that order. */
class GreenExamplesTest {
    @Test
    void geventSleepPrintsTheSeedsOrderInAboutThreeSeconds() throws Exception {
        Process p = CliProcess.builder("example", "gevent-sleep").redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "gevent-sleep ended");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            List<String> lines = out.lines().toList();
            assertEquals(List.of("running 1", "running 3", "running 5", "end?", "running 2", "running 4"),
                    lines.subList(0, 6), out);
            double took = Double.parseDouble(lines.get(6).replaceAll("^took ([0-9.]+) s.*", "$1"));
            assertTrue(took >= 3.0 && took < 4.5, "about 3 s, not 5: " + lines.get(6));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void greenletSwitchShowsValuesBothWaysAndTheParent() throws Exception {
        String out = onThread(s -> GreenletSwitch.run(s));
        assertEquals(List.of(
                "ping: started with 'serve'",
                "pong: started with 'ball 1'",
                "ping: got 'return 1' back",
                "pong: got 'ball 2'",
                "ping: got 'return 2', returning to my parent",
                "main: ping finished and its parent (main) got 'ping's result'",
                "main: ping dead? true; pong dead? false (pong is still suspended inside its switch)",
                "main: the exception of a dying greenlet reaches its parent: raised in a greenlet"), out.lines().toList());
    }

    @Test
    void messageLoopRunsCallbacksTimersAndTheReaderInTheLoopsOrder() throws Exception {
        String out = onThread(s -> MessageLoop.run(s));
        List<String> lines = out.lines().toList();
        List<String> events = lines.stream().map(l -> l.replaceAll("^ *[0-9.]+ s  turn [0-9]+  ", "")).toList();
        assertEquals(List.of(
                "loop starts; queued: two callbacks, three timers, a reader",
                "callSoon #1",
                "callSoon #2 (after #1: a FIFO queue)",
                "callLater(0.1): writes 4 bytes to the pipe",
                "reader: the pipe is readable, read 4 bytes",
                "callLater(0.2)",
                "callLater(0.3): stop()",
                "runForever returned"), events);
        long writeTurn = turnOf(lines.get(3));
        assertTrue(turnOf(lines.get(4)) > writeTurn, "the I/O completion comes on a later turn than its request: " + out);
        assertEquals(turnOf(lines.get(1)), turnOf(lines.get(2)), "the two queued callbacks run in one turn: " + out);
    }

    private static long turnOf(String line) {
        return Long.parseLong(line.replaceAll("^ *[0-9.]+ s  turn ([0-9]+)  .*", "$1"));
    }

    @Test
    void geventEchoServesManyClientsOnOneThreadWhileOneStalls() throws Exception {
        org.iomodels.examples.GeventEcho server = new org.iomodels.examples.GeventEcho("127.0.0.1", 0);
        String address = server.address();
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        Thread serving = Thread.ofPlatform().name("gevent-echo").start(() -> {
            try {
                server.serve();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try (java.net.Socket stalled = new java.net.Socket("127.0.0.1", port)) {
            stalled.getOutputStream().write(new byte[3]); // sends part of nothing, never reads: blocks nobody
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    String msg = "client " + c + " ".repeat(c * 1000) + "\n";
                    answers.add(pool.submit(() -> {
                        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                            s.setSoTimeout(10_000);
                            s.getOutputStream().write(msg.getBytes(StandardCharsets.US_ASCII));
                            return new String(s.getInputStream().readNBytes(msg.length()), StandardCharsets.US_ASCII);
                        }
                    }));
                }
                for (int c = 0; c < 8; c++) {
                    assertEquals("client " + c + " ".repeat(c * 1000) + "\n", answers.get(c).get(20, TimeUnit.SECONDS));
                }
            }
        } finally {
            server.stop();
            serving.join(5_000);
            server.close();
        }
        assertTrue(!serving.isAlive(), "serve() returned after stop()");
    }

    @Test
    void geventBlockingShowsTheHubStoppedThenGoingOn() throws Exception {
        PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String out;
        try {
            out = onThread(s -> org.iomodels.examples.GeventBlocking.run(s));
        } finally {
            System.setErr(err);
        }
        String monitor = captured.toString(StandardCharsets.UTF_8);
        assertEquals(1, monitor.lines().filter(l -> l.contains("blocked for") && l.contains("by greenlet blocker")).count(), monitor);
        List<String> lines = out.lines().toList();
        int direct = lines.indexOf(lines.stream().filter(l -> l.contains("the blocking call returned")).findFirst().orElseThrow());
        long ticksBeforeReturn = lines.subList(0, direct).stream().filter(l -> l.contains("tick")).count();
        assertTrue(ticksBeforeReturn <= 2, "the direct call stopped the ticker: " + out);
        int pooled = lines.lastIndexOf(lines.stream().filter(l -> l.contains("the blocking call returned")).reduce((a, b) -> b).orElseThrow());
        int second = lines.indexOf(lines.stream().filter(l -> l.contains("through Hub.runInThreadPool")).findFirst().orElseThrow());
        assertTrue(lines.subList(second, pooled).stream().filter(l -> l.contains("tick")).count() >= 5,
                "through the pool the ticker went on: " + out);
    }

    @FunctionalInterface
    private interface Example {
        void run(PrintStream out) throws Exception;
    }

    /** Runs an example on a thread of its own (a hub of its own) and returns what it printed. */
    private static String onThread(Example example) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Exception[] failure = new Exception[1];
        Thread t = Thread.ofPlatform().start(() -> {
            try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
                example.run(out);
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        t.join(30_000);
        if (failure[0] != null) {
            throw failure[0];
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
