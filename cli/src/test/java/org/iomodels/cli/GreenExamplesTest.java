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
