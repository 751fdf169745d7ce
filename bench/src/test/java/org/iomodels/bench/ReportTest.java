package org.iomodels.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.iomodels.bench.BenchConfig.Scenario;
import org.junit.jupiter.api.Test;

/** The report quotes medians with their spread and divides by the baseline's median. */
class ReportTest {
    private static final BenchConfig CONFIG = new BenchConfig(List.of("epoll", "netty-epoll", "select"), Scenario.ECHO,
            List.of(100), 128, 1, 5, 1, 3, 1, 1, "netty-epoll", Path.of("/tmp"), List.of("java"), "Main");

    private static RunResult run(String target, int rep, double msgsPerSec, long errors) {
        double n = Double.NaN;
        return new RunResult(target, 100, 0, rep, null, msgsPerSec, 50, 80, 120, 300, 900, 5, 0.7, 0.9, 90_000, 20,
                target.equals("epoll") ? 2.0 : n, n, n, errors, errors > 0 ? "connection #3: lost" : null, n, n, null);
    }

    private final List<RunResult> results = List.of(
            run("epoll", 1, 120_000, 0), run("netty-epoll", 1, 100_000, 0),
            RunResult.skipped("select", 100, 0, 1, "not today"),
            run("epoll", 2, 300_000, 0), run("netty-epoll", 2, 90_000, 0),
            RunResult.skipped("select", 100, 0, 2, "not today"),
            run("epoll", 3, 110_000, 2), run("netty-epoll", 3, 95_000, 0),
            RunResult.skipped("select", 100, 0, 3, "not today"));

    @Test
    void rowsQuoteTheMedianNotTheLuckyRun() {
        Report report = new Report(CONFIG, results);
        Report.Row epoll = report.rows.getFirst();
        assertEquals(120_000, epoll.median(RunResult::msgsPerSec));
        assertEquals(110_000, epoll.min(RunResult::msgsPerSec));
        assertEquals(300_000, epoll.max(RunResult::msgsPerSec));
        assertEquals(2, epoll.errors());
    }

    @Test
    void theTableShowsRatiosSkipsAndErrors() {
        String table = new Report(CONFIG, results).table();
        assertTrue(table.contains("120,000 [110k-300k]"), table);
        assertTrue(table.contains("1.26"), table); // 120,000 / 95,000
        assertTrue(table.contains("skipped: not today"), table);
        assertTrue(table.contains("2 load errors: connection #3: lost"), table);
    }

    @Test
    void csvAndJsonCarryEveryRun() {
        Report report = new Report(CONFIG, results);
        List<String> csv = report.csv().lines().toList();
        assertEquals(10, csv.size());
        assertTrue(csv.getFirst().startsWith("target,busy,idle,repeat,skip,msgs_per_s"), csv.getFirst());
        assertTrue(csv.get(3).startsWith("select,100,0,1,not today,,"), csv.get(3));
        String json = report.json();
        assertEquals(9, json.split("\"target\":").length - 1);
        assertTrue(json.contains("\"syscalls_per_msg\":2.000"), json);
        assertTrue(json.contains("\"skip\":\"not today\""), json);
    }

    @Test
    void httpRowsQuoteRequestsAndLeaveFailedRunsOutOfTheMedians() {
        BenchConfig http = new BenchConfig(List.of("epoll", "netty-epoll"), Scenario.HTTP, List.of(256), 128, 1, 5, 2, 3, 1, 1,
                "netty-epoll", Path.of("/tmp"), List.of("java"), "Main");
        double n = Double.NaN;
        List<RunResult> runs = List.of(
                new RunResult("epoll", 256, 0, 1, null, 90_000, 2500, 2900, 4900, n, 25_000, 9, 0.8, 0.97, 90_000, 20, 1.1,
                        n, n, 0, null, 2700, 11.7e6, null),
                new RunResult("netty-epoll", 256, 0, 1, null, 80_000, 2600, 3000, 5000, n, 30_000, 10, 0.7, 0.95, 100_000, 20, n,
                        n, n, 0, null, 2800, 10.4e6, null),
                new RunResult("epoll", 256, 0, 2, "failed: wrk: 3 responses not 2xx or 3xx", 500_000, 1, 1, 1, n, 1, n, n, n, n, n, n,
                        n, n, 3, "wrk: 3 responses not 2xx or 3xx", 1, 1, null),
                new RunResult("netty-epoll", 256, 0, 2, null, 100_000, 2600, 3000, 5000, n, 30_000, 10, 0.7, 0.95, 100_000, 20, n,
                        n, n, 0, null, 2800, 10.4e6, null));
        Report report = new Report(http, runs);
        assertEquals(90_000, report.rows.getFirst().median(RunResult::msgsPerSec)); // the failed 500,000 is not a result
        String table = report.table();
        assertTrue(table.contains("scenario http, GET /plaintext, 5 s measured after 2 s warm-up"), table);
        assertTrue(table.contains("x = req/s / netty-epoll's"), table);
        assertTrue(table.matches("(?s).*req/s \\[min-max\\].*p50.*p99.*max.*syscalls/req.*"), table);
        assertTrue(table.contains("1.00"), table); // 90,000 / 90,000 (netty's median of 80k and 100k)
        assertTrue(table.contains("3 wrk errors: wrk: 3 responses not 2xx or 3xx"), table);
        String json = report.json();
        assertTrue(json.contains("\"skip\":\"failed: wrk: 3 responses not 2xx or 3xx\",\"msgs_per_s\":500000.000"), json);
        assertTrue(json.contains("\"p75_us\":2700.000,\"bytes_per_s\":11700000.000"), json);
        assertTrue(json.contains("\"load\":\"wrk GET /plaintext\""), json);
    }

    @Test
    void aTargetWhoseEveryRunFailedSaysFailedNotSkipped() {
        List<RunResult> failed = List.of(RunResult.skipped("epoll", 100, 0, 1, "failed: wrk: no request completed"));
        String table = new Report(new BenchConfig(List.of("epoll"), Scenario.HTTP, List.of(100), 128, 1, 5, 2, 1, 1, 1,
                "epoll", Path.of("/tmp"), List.of("java"), "Main"), failed).table();
        assertTrue(table.matches("(?s).*100\\s+epoll\\s+failed: wrk: no request completed\n.*"), table);
    }

    @Test
    void theLegendComesBeforeTheColumnNames() {
        List<String> lines = new Report(CONFIG, results).table().lines().toList();
        int legend = indexOf(lines, "CPU s/M: server CPU seconds");
        int header = indexOf(lines, "conns  target");
        assertTrue(legend >= 0 && legend < header, String.join("\n", lines));
        assertTrue(lines.get(header + 1).startsWith("100    epoll"), String.join("\n", lines)); // the rows follow the header
    }

    @Test
    void oneRunPerRowQuotesItsFigureWithoutMediansOrASpread() {
        BenchConfig once = new BenchConfig(List.of("epoll", "netty-epoll"), Scenario.ECHO, List.of(100), 128, 1, 5, 1, 1, 1, 1,
                "netty-epoll", Path.of("/tmp"), List.of("java"), "Main");
        String table = new Report(once, List.of(run("epoll", 1, 27_000, 0), run("netty-epoll", 1, 27_000, 0))).table();
        assertTrue(table.contains(", 1 run, x = msgs/s"), table);
        assertFalse(table.contains("median"), table);
        assertFalse(table.contains("min-max"), table);
        assertFalse(table.contains("[27k-27k]"), table);
        assertTrue(table.matches("(?s).*\n100\\s+epoll\\s+27,000\\s+1\\.00 .*"), table);
    }

    @Test
    void theIdleScenarioNamesItsColumnIdle() {
        BenchConfig idle = new BenchConfig(List.of("epoll"), Scenario.IDLE, List.of(900), 128, 1, 5, 1, 3, 1, 1,
                "epoll", Path.of("/tmp"), List.of("java"), "Main");
        double n = Double.NaN;
        RunResult r = new RunResult("epoll", 1, 900, 1, null, 20_000, 50, 80, 120, 300, 900, 5, 0.7, 0.9, 90_000, 20, 2, n, n, 0, null, n, n, null);
        String table = new Report(idle, List.of(r)).table();
        assertTrue(table.matches("(?s).*\nidle\\s+target\\s+msgs/s \\[min-max\\].*\n900\\s+epoll .*"), table);
        assertFalse(table.contains("conns "), table);
    }

    @Test
    void theMemoryHeadingSaysNoMessageSize() {
        BenchConfig memory = new BenchConfig(List.of("epoll"), Scenario.MEMORY, List.of(1000), 128, 1, 5, 2, 3, 1, 1,
                "epoll", Path.of("/tmp"), List.of("java"), "Main");
        double n = Double.NaN;
        RunResult r = new RunResult("epoll", 0, 1000, 1, null, n, n, n, n, n, n, n, n, n, 90_000, 20, n, 4096, 1800, 0, null, n, n, null);
        String table = new Report(memory, List.of(r)).table();
        assertFalse(table.contains("128 B"), table);
        assertTrue(table.startsWith("scenario memory, idle connections, sampled once the server holds them all"), table);
        assertTrue(table.matches("(?s).*\n1000\\s+epoll\\s+4096 B\\s+1800 B\\s+20 .*"), table);
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
