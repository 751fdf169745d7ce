package org.iomodels.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress says up front how long the bench will take, and how long is left as runs teach it their overhead. */
class ProgressTest {
    private final long[] now = {0};
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), 4, 2, false, () -> now[0]);

    private void advance(double seconds) {
        now[0] += (long) (seconds * 1e9);
    }

    @Test
    void thePlanIsAnnouncedAndTheEstimateLearnsEachRunsOverhead() {
        // 4 runs, 1 to be skipped: 3 x (2 s warm-up + 5 s measured) = 21 s planned, plus 3 x 2 s guessed to start and stop.
        progress.announce(1, 21, 2, 5);
        assertEquals("bench: 4 runs (1 skipped), about 27 s: 2 s warm-up + 5 s measured each, plus about 2 s to start and stop\n",
                bytes.toString(StandardCharsets.UTF_8));
        progress.start("epoll", 100, 1, 1, 7);
        advance(10); // 3 s more than planned
        progress.finish();
        assertEquals(20, progress.left(), 1e-9); // 2 runs left, 7 s each plus the 3 s measured
        progress.start("select", 1000, 1, 1, 0); // skipped: costs nothing, teaches nothing
        progress.finish();
        assertEquals(20, progress.left(), 1e-9);
        progress.start("netty-epoll", 100, 1, 1, 7);
        advance(4);
        assertEquals(16, progress.left(), 1e-9);
        String line = progress.line();
        assertTrue(line.startsWith("[############............] 2/4 done  netty-epoll conns=100 repeat 1/1  14 s elapsed, about 16 s left"), line);
    }

    @Test
    void withoutATerminalEachRunGetsOneLine() {
        progress.announce(0, 28, 2, 5);
        progress.start("epoll", 1, 1, 2, 7);
        advance(9);
        progress.finish();
        progress.start("epoll", 1, 2, 2, 7);
        progress.finish();
        progress.done();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, String.join("\n", lines));
        assertTrue(lines[1].contains("0/4 done  epoll conns=1 repeat 1/2  0 s elapsed, about 36 s left"), lines[1]);
        assertTrue(lines[2].contains("1/4 done  epoll conns=1 repeat 2/2  9 s elapsed, about 27 s left"), lines[2]);
    }

    @Test
    void durationsReadAsAPersonWouldSayThem() {
        assertEquals("45 s", Progress.duration(45.2));
        assertEquals("21 min", Progress.duration(21 * 60 + 10));
        assertEquals("2 h 05 min", Progress.duration(2 * 3600 + 5 * 60));
    }
}
