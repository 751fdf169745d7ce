package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code iomodels bench}, small: fresh processes, interleaved repeats, a table and two result files. */
@Timeout(300)
class BenchCommandTest {
    private static boolean hasPython() {
        return onPath("python3");
    }

    private static boolean onPath(String program) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }

    /** A number of one run in results.json (one run per line there), by target and key; NaN for null. */
    private static double field(String json, String target, String key) {
        String run = json.lines().filter(l -> l.contains("\"target\":\"" + target + "\"")).findFirst().orElseThrow();
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":(null|-?[0-9.]+)").matcher(run);
        assertTrue(m.find(), key + " in " + run);
        return m.group(1).equals("null") ? Double.NaN : Double.parseDouble(m.group(1));
    }

    @Test
    void echoRunsEveryTargetInterleavedAndWritesResults(@TempDir Path out) throws Exception {
        StringWriter table = new StringWriter();
        int code = CliProcess.runInProcess(table, "bench", "--no-explain", "--models", "epoll,jdk-nio", "--peers", "netty-epoll,python-selectors",
                "--conns", "2", "--duration", "0.5", "--warmup", "0.3", "--repeat", "2", "--out", out.toString());
        assertEquals(0, code, table.toString());
        String t = table.toString();
        assertTrue(t.contains("x = msgs/s / netty-epoll's"), t);
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(1 + 2 * 4, csv.size(), String.join("\n", csv));
        // A B C D, A B C D: the order runs were made in.
        List<String> order = csv.stream().skip(1).map(l -> l.split(",")[0] + "#" + l.split(",")[3]).toList();
        assertEquals(List.of("epoll#1", "jdk-nio#1", "netty-epoll#1", "python-selectors#1",
                "epoll#2", "jdk-nio#2", "netty-epoll#2", "python-selectors#2"), order);
        for (String row : csv.subList(1, csv.size())) {
            String[] f = row.split(",", -1);
            if (f[0].startsWith("python") && !hasPython()) {
                assertFalse(f[4].isEmpty(), row); // skipped, with the reason
                continue;
            }
            assertTrue(f[4].isEmpty(), "ran: " + row);
            assertTrue(Double.parseDouble(f[5]) > 0, "msgs/s: " + row);
            assertTrue(Double.parseDouble(f[11]) > 0, "CPU per million: " + row);
            assertTrue(Double.parseDouble(f[13]) > 0, "load CPU: " + row);
            assertEquals(f[0].equals("epoll") || f[0].equals("jdk-nio"), !f[16].isEmpty(), "syscalls/msg for engines: " + row);
            assertEquals("0", f[19], "errors: " + row);
        }
        assertTrue(Files.readString(out.resolve("results.json")).contains("\"scenario\":\"echo\""));
    }

    @Test
    void theGeventPeerEchoesWhereGeventIsInstalledAndIsSkippedWithItsReasonElsewhere(@TempDir Path out) throws Exception {
        StringWriter table = new StringWriter();
        int code = CliProcess.runInProcess(table, "bench", "--models", "none", "--peers", "python-gevent",
                "--conns", "2", "--duration", "0.5", "--warmup", "0.3", "--repeat", "1", "--out", out.toString());
        assertEquals(0, code, table.toString());
        String[] row = Files.readAllLines(out.resolve("results.csv")).get(1).split(",", -1);
        assertEquals("python-gevent", row[0]);
        if (org.iomodels.bench.green.GreenBench.findPython() == null) {
            assertTrue(row[4].contains("python3-gevent"), String.join(",", row));
        } else {
            assertTrue(row[4].isEmpty() && Double.parseDouble(row[5]) > 0, "gevent's StreamServer echoed: " + String.join(",", row));
            assertEquals("0", row[19], "errors");
        }
    }

    @Test
    void idleAndMemoryScenarios(@TempDir Path out) throws Exception {
        StringWriter idle = new StringWriter();
        assertEquals(0, CliProcess.runInProcess(idle, "bench", "--no-explain", "--scenario", "idle", "--models", "poll,select",
                "--peers", "none", "--conns", "50,1500", "--duration", "0.5", "--warmup", "0.2", "--repeat", "1",
                "--out", out.toString()), idle.toString());
        assertTrue(idle.toString().contains("x = msgs/s / poll's"), idle.toString()); // no netty: the first target
        assertTrue(idle.toString().matches("(?s).*1500\\s+select\\s+skipped: select cannot watch fd >= 1024.*"), idle.toString());
        if (!Boolean.getBoolean("iomodels.soak")) {
            return; // the memory scenario's own test is bench's MemoryScenarioTest; through the CLI in the soak run
        }
        StringWriter memory = new StringWriter();
        assertEquals(0, CliProcess.runInProcess(memory, "bench", "--scenario", "memory", "--models", "epoll,virtual",
                "--peers", "none", "--conns", "300", "--duration", "0.5", "--warmup", "0.2", "--repeat", "1",
                "--out", out.toString()), memory.toString());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        for (String row : csv.subList(1, csv.size())) {
            String[] f = row.split(",", -1);
            assertEquals("300", f[2], row);
            assertFalse(f[18].isEmpty(), "heap per connection measured: " + row);
            assertFalse(f[17].isEmpty(), "RSS per connection measured: " + row);
        }
    }

    @Test
    void httpScenarioDrivesWrkAgainstTheServers(@TempDir Path out) throws Exception {
        Assumptions.assumeTrue(onPath("wrk"), "wrk is not installed (apt-get install wrk)");
        StringWriter table = new StringWriter();
        int code = CliProcess.runInProcess(table, "bench", "--no-explain", "--scenario", "http", "--models", "epoll",
                "--peers", "netty-epoll,python-selectors", "--duration", "1", "--warmup", "1", "--repeat", "1", "--out", out.toString());
        String t = table.toString();
        assertEquals(0, code, t);
        assertTrue(t.contains("x = req/s / netty-epoll's"), t);
        assertTrue(t.matches("(?s).*256\\s+python-selectors\\s+skipped: the Python peers serve echo only, not HTTP.*"), t);
        String json = Files.readString(out.resolve("results.json"));
        assertTrue(json.contains("\"scenario\":\"http\""), json);
        for (String target : List.of("epoll", "netty-epoll")) {
            assertTrue(json.contains("\"target\":\"" + target + "\",\"busy\":256,\"idle\":0,\"repeat\":1,\"skip\":null"), json);
            assertTrue(field(json, target, "msgs_per_s") > 0, json);
            assertTrue(field(json, target, "p99_us") > 0, json);
            assertTrue(field(json, target, "cpu_s_per_million") > 0, json);
            assertTrue(field(json, target, "bytes_per_s") > 0, json);
            assertEquals(0, field(json, target, "errors"), json);
        }
        // Our engine counts its syscalls (at least a read and a write per batch of requests); Netty does not.
        assertTrue(field(json, "epoll", "syscalls_per_msg") > 0, json);
        assertTrue(Double.isNaN(field(json, "netty-epoll", "syscalls_per_msg")), json);
    }

    @Test
    void httpNeedsWholeSecondsAndWrk(@TempDir Path out) throws Exception {
        StringWriter sink = new StringWriter();
        assertEquals(2, CliProcess.runInProcess(sink, "bench", "--scenario", "http", "--duration", "0.5", "--out", out.toString()));
        ProcessBuilder noWrk = CliProcess.builder("bench", "--scenario", "http", "--out", out.toString()).redirectErrorStream(true);
        noWrk.environment().put("PATH", out.resolve("empty").toString());
        Process p = noWrk.start();
        String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, CliProcess.exitCode(p, 60), said);
        assertTrue(said.contains("needs wrk, which is not on PATH: install it with 'apt-get install wrk'"), said);
    }

    @Test
    void unknownTargetsAndScenariosExitTwo(@TempDir Path out) {
        StringWriter sink = new StringWriter();
        assertEquals(2, CliProcess.runInProcess(sink, "bench", "--models", "epol", "--out", out.toString()));
        assertEquals(2, CliProcess.runInProcess(sink, "bench", "--scenario", "fast", "--out", out.toString()));
        assertEquals(2, CliProcess.runInProcess(sink, "bench", "--conns", "0", "--out", out.toString()));
        assertEquals(2, CliProcess.runInProcess(sink, "bench", "--size", "0", "--out", out.toString()));
        assertEquals(2, CliProcess.runInProcess(sink, "bench", "--loops", "0", "--out", out.toString()));
    }
}
