package org.iomodels.bench.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The green scenario: every figure measured in a fresh JVM, a table with medians and ratios, results written. */
class GreenBenchTest {
    @Test
    void everyFigureIsMeasuredInAFreshProcess(@TempDir Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> jvm = List.of(java, "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        var values = new GreenBench(jvm, null, new PrintStream(log, true, StandardCharsets.UTF_8)).run(1);
        for (GreenBench.Figure f : GreenBench.FIGURES) {
            double v = values.get(f.probe()).get(GreenBench.OURS).getFirst();
            assertTrue(v > 0 && !Double.isNaN(v), f.probe() + " = " + v + "; " + log);
        }
        assertTrue(values.get("sleepers").get(GreenBench.OURS).getFirst() >= 0.5, "every sleeper slept its 0.5 s");
        GreenReport report = new GreenReport(values, 1, null);
        List<Path> written = report.write(out);
        assertTrue(Files.readString(written.get(0)).contains("\"figure\":\"switches\""));
        assertEquals(1 + GreenBench.FIGURES.size(), Files.readAllLines(written.get(1)).size(), "a header and a row per figure");
    }

    @Test
    void theTableGivesMediansRangesAndRatiosOrientedSoAboveOneIsBetter() {
        Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
        values.put("switches", Map.of(GreenBench.OURS, List.of(3e6, 1e6, 2e6), GreenBench.PEER, List.of(1e6, 1e6, 1e6)));
        values.put("memory", Map.of(GreenBench.OURS, List.of(500.0, 500.0, 500.0), GreenBench.PEER, List.of(1000.0, 1000.0, 1000.0)));
        values.put("queue", Map.of(GreenBench.OURS, List.of(Double.NaN), GreenBench.PEER, List.of(5.0)));
        String table = new GreenReport(values, 3, "greenlet 2.0.2, gevent 22.10.2").table();
        String switches = table.lines().filter(l -> l.startsWith("greenlet switches/s")).findFirst().orElseThrow();
        assertTrue(switches.contains("2.00M [1.00M-3.00M]") && switches.trim().endsWith("2.00"), table);
        String memory = table.lines().filter(l -> l.startsWith("resident bytes")).findFirst().orElseThrow();
        assertTrue(memory.trim().endsWith("2.00"), "half the memory is twice as good: " + table);
        String queue = table.lines().filter(l -> l.startsWith("queue")).findFirst().orElseThrow();
        assertTrue(queue.contains("failed") && queue.trim().endsWith("-"), table);
        assertFalse(table.contains("sleep(0)"), "figures not measured are not listed");
    }
}
