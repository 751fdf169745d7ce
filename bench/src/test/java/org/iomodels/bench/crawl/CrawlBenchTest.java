package org.iomodels.bench.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iomodels.bench.green.GreenBench;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The crawl scenario, small: every target's fresh process fetches every page of the site, and the report says what was measured. */
@Timeout(180)
class CrawlBenchTest {
    private static final CrawlBench.Plan SMALL = new CrawlBench.Plan(2, 6, Duration.ofMillis(5), 4, 2, 0.1);

    @Test
    void everyTargetCrawlsTheWholeSiteAndTheReportChecksTheTargets(@TempDir Path dir) throws Exception {
        String python = GreenBench.findPython(); // the peer, where Debian's python3-gevent is installed
        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"));
        CrawlBench bench = new CrawlBench(SMALL, java, python, System.err);
        Map<String, List<CrawlBench.Run>> runs = bench.run(1);
        List<String> expected = new ArrayList<>(CrawlBench.MODES);
        if (python != null) {
            expected.add(CrawlBench.PYTHON);
        }
        assertEquals(expected, List.copyOf(runs.keySet()));
        for (var e : runs.entrySet()) {
            CrawlBench.Run r = e.getValue().getFirst();
            assertTrue(r.ok(), e.getKey() + " failed: " + r);
            assertEquals(SMALL.pages(), r.pages(), e.getKey());
            assertTrue(r.maxPerHost() >= 1 && r.maxPerHost() <= SMALL.perHost(), e.getKey() + " had " + r.maxPerHost() + " in flight to one host");
        }
        CrawlReport report = new CrawlReport(SMALL, runs, python == null ? null : "test");
        String table = report.table();
        assertTrue(table.contains("ideal wall time: 14 pages x 5 ms / 4 in flight = 0.018 s"), table);
        assertTrue(table.contains("unpatched as slow as sequential, within 20%: "), table);
        assertTrue(table.contains("green within 1.3x of the ideal wall time: "), table);
        report.write(dir);
        String json = Files.readString(dir.resolve("results.json"));
        assertTrue(json.startsWith("{\"scenario\":\"crawl\",\"pages\":14,"), json);
        assertEquals(1 + runs.size(), Files.readAllLines(dir.resolve("results.csv")).size());
    }
}
