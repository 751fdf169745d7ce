package org.iomodels.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.iomodels.bench.BenchConfig.Scenario;
import org.junit.jupiter.api.Test;

/** A target's variants: what :pN, :pauto and :lN ask of the server's command line, and what they refuse. */
class TargetTest {
    private static final BenchConfig CONFIG = new BenchConfig(List.of("epoll"), Scenario.ECHO, List.of(1), 16, 1, 1, 0, 1, 3, 1, "epoll",
            Path.of("/tmp"), List.of("java"), "Main");

    @Test
    void variantsSetProcessesAndLoops() throws Exception {
        List<String> p2 = Target.byName("epoll:p2").command(CONFIG);
        assertEquals(List.of("--processes", "2"), p2.subList(p2.size() - 2, p2.size()), p2.toString());
        assertTrue(String.join(" ", p2).contains("--model epoll "), p2.toString());
        assertTrue(String.join(" ", p2).contains("--loops 3 "), "the bench's loops unless :lN: " + p2);
        assertTrue(String.join(" ", Target.byName("green:pauto").command(CONFIG)).endsWith("--processes auto"));
        assertTrue(String.join(" ", Target.byName("epoll:l4").command(CONFIG)).contains("--loops 4 "));
        List<String> netty = Target.byName("netty-epoll:l4").command(CONFIG);
        assertEquals("4", netty.getLast(), netty.toString());
        assertEquals("epoll", Target.byName("epoll:p2:l2").base());
        assertTrue(Target.byName("select:p2").skipFor(Scenario.ECHO, 2000).startsWith("select cannot watch fd >= 1024"),
                "a variant has its model's limits");
    }

    @Test
    void aVariantThatMeansNothingIsRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Target.byName("netty-epoll:p2")).getMessage()
                .contains("only iomodels' models serve on several processes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Target.byName("python-asyncio:l2")).getMessage()
                .contains("no event loops"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Target.byName("epoll:q3")).getMessage()
                .contains("unknown variant 'q3'"));
        assertThrows(IllegalArgumentException.class, () -> Target.byName("epoll:p0"));
    }
}
