package org.iomodels.bench.processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The processes scenario's table: medians, ranges, and ratios oriented so that above 1 is better for iomodels. */
class ProcessBenchTest {
    @Test
    void ratiosAreOrientedSoThatAboveOneIsBetter() {
        Map<String, Map<String, List<Double>>> v = new LinkedHashMap<>();
        v.put("start", new LinkedHashMap<>(Map.of("iomodels-forkserver", List.of(20.0))));
        v.get("start").put("iomodels-spawn", List.of(200.0, 220.0, 210.0));
        v.get("start").put("python-spawn", List.of(70.0, 80.0, 75.0));
        v.get("start").put("python-fork", List.of(10.0));
        v.put("queue", new LinkedHashMap<>(Map.of("iomodels", List.of(600_000.0))));
        v.get("queue").put("python-spawn", List.of(150_000.0));
        String table = ProcessBench.table(v, 3, "python 3.11");
        assertTrue(table.contains("210.0 [200.0-220.0]"), table);
        assertTrue(table.lines().anyMatch(l -> l.contains("python-spawn") && l.contains("ms") && l.endsWith("0.36")), table); // against iomodels-spawn
        assertTrue(table.lines().anyMatch(l -> l.contains("python-fork ") && l.endsWith("0.50")), table); // against iomodels-forkserver
        assertTrue(table.lines().anyMatch(l -> l.contains("queue") && l.contains("python-spawn") && l.endsWith("4.00")), table);
        assertEquals(Double.NaN, ProcessBench.median(List.of(Double.NaN)));
    }
}
