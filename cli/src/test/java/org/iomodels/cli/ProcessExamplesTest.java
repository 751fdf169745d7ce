package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The multiprocessing examples as a user runs them, in a JVM of their own (the children print to its stdout). */
@Timeout(120)
class ProcessExamplesTest {
    private static List<String> run(String example) throws Exception {
        Process p = CliProcess.builder("example", example).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, CliProcess.exitCode(p, 60), out);
            return out.lines().toList();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void mpQueueAndMpPipeCarryTheSeedsMessages() throws Exception {
        List<String> q = run("mp-queue");
        assertTrue(q.getFirst().startsWith("the parent got [1, xixi, 2] from child "), q.toString());
        assertTrue(q.get(1).endsWith("stopped exitcode=0>"), q.toString());
        List<String> p = run("mp-pipe");
        assertTrue(p.contains("the parent got balabala"), p.toString());
        assertTrue(p.contains("the child got babababa"), p.toString());
    }

    @Test
    void mpLockPrintsTenWholeLines() throws Exception {
        List<String> lines = run("mp-lock");
        assertEquals(11, lines.size(), lines.toString());
        for (int i = 0; i < 10; i++) {
            String line = lines.get(i);
            assertTrue(line.matches("process [0-9] holds the lock, and its line is whole"), "interleaved: " + line);
        }
        assertEquals(10, lines.subList(0, 10).stream().distinct().count());
        assertEquals("ten children, ten whole lines", lines.get(10));
    }

    @Test
    void mpManagerHoldsTenEntriesAndThirteenItems() throws Exception {
        List<String> lines = run("mp-manager");
        assertEquals("10 entries, 13 items", lines.getLast(), lines.toString());
        String parent = lines.getFirst().replaceAll(".*parent pid ", "");
        String dict = lines.get(1);
        assertEquals(10, dict.split("=" + parent + "[,}]", -1).length - 1, "each child wrote d[pid] = its parent's pid: " + dict);
        assertTrue(lines.get(2).startsWith("list: [0, 1, 2, "), lines.toString());
    }

    @Test
    void mpPoolRunsTenTasksOnThreeWorkersWithACallbackEach() throws Exception {
        List<String> lines = run("mp-pool");
        List<String> callbacks = lines.stream().filter(l -> l.startsWith("callback: ")).sorted().toList();
        assertEquals(java.util.stream.IntStream.range(100, 110).mapToObj(i -> "callback: " + i).sorted().toList(), callbacks, lines.toString());
        assertTrue(lines.getLast().startsWith("done in "), lines.toString());
    }

    @Test
    void mpMapCountsThePrimesOnEveryCoreWithAProgressLineAtEachTenth() throws Exception {
        Process p = CliProcess.builder("example", "mp-map", "--tasks", "20").start();
        try {
            java.util.concurrent.CompletableFuture<String> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, CliProcess.exitCode(p, 60), out);
            assertTrue(out.startsWith("148933 primes below 2,000,000, in 20 tasks on "), out); // pi(2e6) = 148,933
            List<String> bars = err.get(10, java.util.concurrent.TimeUnit.SECONDS).lines().filter(l -> l.startsWith("map [")).toList();
            assertEquals(11, bars.size(), bars.toString()); // stderr is a pipe here: a plain line at the first result and each tenth
            assertTrue(bars.getLast().startsWith("map [########################] 20/20, "), bars.toString());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void mpPoolCrashFailsOnlyTheTaskWhoseWorkerDied() throws Exception {
        List<String> lines = run("mp-pool-crash");
        for (int i = 0; i < 10; i++) {
            String line = lines.get(i);
            if (i == 4) {
                assertTrue(line.startsWith("task 4: failed: worker ") && line.contains("SIGKILL"), line);
            } else {
                assertEquals("task " + i + ": " + (i + 100), line);
            }
        }
        assertEquals("the pool replaced the dead worker and finished the rest", lines.get(10));
    }

    @Test
    void preforkSpreadsFortyConnectionsOverTwoWorkersThatEachSayTheirPid() throws Exception {
        List<String> lines = run("prefork");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("listening on 127\\.0\\.0\\.1:\\d+ \\(model epoll, 2 processes, pids \\[(\\d+), (\\d+)]\\)")
                .matcher(lines.getFirst());
        assertTrue(m.matches(), lines.toString());
        int total = 0;
        for (int i = 1; i <= 2; i++) {
            java.util.regex.Matcher served = java.util.regex.Pattern.compile("served by pid (\\d+): (\\d+) of 40 connections").matcher(lines.get(i));
            assertTrue(served.matches(), lines.toString());
            assertTrue(served.group(1).equals(m.group(1)) || served.group(1).equals(m.group(2)), lines.toString());
            assertTrue(Integer.parseInt(served.group(2)) > 0, "both workers took connections: " + lines);
            total += Integer.parseInt(served.group(2));
        }
        assertEquals(40, total, lines.toString());
        assertTrue(lines.get(3).matches("worker 1 \\(pid " + m.group(1) + "\\) stopped, \\d+ bytes written"), lines.toString());
    }
}
