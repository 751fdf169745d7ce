package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress bar of explain, crawl and a pool's map: redrawn on a terminal, plain lines elsewhere. */
class ProgressBarTest {
    private final long[] now = {0};
    private final StringWriter out = new StringWriter();

    private ProgressBar bar(boolean openEnded, boolean terminal) {
        return new ProgressBar(new PrintWriter(out, true), "map", openEnded, terminal, () -> now[0]);
    }

    @Test
    void withoutATerminalALineAtEachTenthAndNoCarriageReturn() {
        ProgressBar b = bar(false, false);
        for (int i = 1; i <= 50; i++) {
            now[0] += 10_000_000L;
            b.update(i, 50, null);
        }
        b.finish(50, 50, null);
        List<String> lines = out.toString().lines().toList();
        assertEquals(11, lines.size(), out.toString()); // the first result, then 5, 10, ... 50: the tenths; nothing more at the end
        assertEquals("map [------------------------] 1/50, 0.0 s", lines.getFirst());
        assertEquals("map [##----------------------] 5/50, 0.1 s", lines.get(1));
        assertEquals("map [########################] 50/50, 0.5 s", lines.getLast());
        assertTrue(!out.toString().contains("\r"), "no carriage return in a log");
    }

    @Test
    void onATerminalOneLineRedrawnAtMostTenTimesASecondAndErasedAtTheEnd() {
        ProgressBar b = bar(false, true);
        for (int i = 1; i <= 100; i++) {
            now[0] += 20_000_000L; // 2 s in all: 20 redraws, and the last one
            b.update(i, 100, "tracing");
        }
        String s = out.toString();
        assertEquals(-1, s.indexOf('\n'), "redrawn in place: " + s);
        int draws = s.split("\r\033\\[K", -1).length - 1;
        assertTrue(draws >= 19 && draws <= 22, draws + " draws");
        assertTrue(s.endsWith("\r\033[Kmap [########################] 100/100, 2.0 s, tracing"), s);
        b.clear();
        assertTrue(out.toString().endsWith("\r\033[K"), "erased before other output");
        b.finish(100, 100, null);
        assertEquals(-1, out.toString().indexOf('\n'));
    }

    @Test
    void anOpenEndedBarSaysALineEveryFiveSecondsOnlyWhenTheWorkIsLong() {
        ProgressBar shortOne = bar(true, false);
        shortOne.update(3, 10, null);
        shortOne.finish(10, 10, null);
        assertEquals("", out.toString(), "a short crawl's log has no progress line");
        ProgressBar b = bar(true, false);
        for (int s = 1; s <= 12; s++) {
            now[0] += 1_000_000_000L;
            b.update(s * 10, s * 12, "crawling");
        }
        b.finish(130, 130, null);
        List<String> lines = out.toString().lines().toList();
        assertEquals(List.of("map [####################----] 50/60, 5.0 s, crawling", "map [####################----] 100/120, 10.0 s, crawling",
                "map [########################] 130/130, 12.0 s"), lines);
    }
}
