package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iomodels.engine.Engines;
import org.iomodels.server.IoModel;
import org.junit.jupiter.api.Test;

/** {@code iomodels models}: one line per model, saying whether this machine runs it and how it works. */
class ModelsCommandTest {
    private static final Pattern LINE = Pattern.compile("(\\S+) +(yes|no) +(.+)");

    private static List<String> run() {
        StringWriter out = new StringWriter();
        var cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("models"));
        return out.toString().lines().toList();
    }

    @Test
    void listsEveryModelInOrderWithSupportAndMechanism() {
        List<String> lines = run();
        List<String> expected = List.of("blocking", "nonblocking", "select", "poll", "epoll", "sigio", "io_uring",
                "jdk-blocking", "jdk-nio", "jdk-nio2", "virtual", "green");
        assertEquals(expected.size(), lines.size(), String.join("\n", lines));
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LINE.matcher(lines.get(i));
            assertTrue(m.matches(), "not 'name yes|no mechanism': " + lines.get(i));
            IoModel model = IoModel.byName(m.group(1));
            assertEquals(expected.get(i), model.cliName());
            assertEquals(Engines.isSupported(model) ? "yes" : "no", m.group(2), lines.get(i));
            assertTrue(m.group(3).startsWith(model.mechanism()), lines.get(i));
            if (!Engines.isSupported(model)) {
                assertTrue(m.group(3).contains(Engines.unsupportedReason(model)), "a 'no' says why: " + lines.get(i));
            }
        }
    }

    @Test
    void columnsLineUp() {
        String epoll = run().stream().filter(l -> l.startsWith("epoll ")).findFirst().orElseThrow();
        String supported = Engines.isSupported(IoModel.EPOLL) ? "yes" : "no ";
        assertTrue(epoll.startsWith("epoll         " + supported + "  epoll(7) readiness loop, level-triggered"), epoll);
    }
}
