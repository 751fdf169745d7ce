package org.iomodels.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.iomodels.explain.Exchange;
import org.iomodels.explain.Figure;
import org.iomodels.explain.Reading;
import org.iomodels.explain.Step;
import org.iomodels.explain.StraceExchange;
import org.iomodels.server.IoModel;

/** One model's traced exchange, as {@code explain} and the bench's report take it: traced, and as JSON. */
final class ExplainTraces {
    private static final Set<IoModel> JDK_MODELS = EnumSet.of(IoModel.JDK_BLOCKING, IoModel.JDK_NIO, IoModel.JDK_NIO2, IoModel.VIRTUAL);

    private ExplainTraces() {}

    /** The JDK's models under strace (their calls are the JDK's own), when it is here; the others, and without strace, by our probe. */
    static Exchange.Traced traced(IoModel m, int size, int messages, PrintWriter err) throws Exception {
        if (!JDK_MODELS.contains(m)) {
            return Exchange.run(m, size, messages);
        }
        if (!StraceExchange.available()) {
            err.println("explain " + m.cliName() + ": the JDK's own syscalls need strace (apt-get install strace); these are the calls"
                    + " the engine reports around the JDK's methods");
            err.flush();
            return Exchange.run(m, size, messages);
        }
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return StraceExchange.run(m, size, messages, List.of(launcher, "--enable-native-access=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--model", m.cliName(), "--host", "127.0.0.1", "--port", "0"));
    }

    /** {@code explain --json}'s object: the steps, the figures, the reading, and the figure as drawn. */
    static String json(Exchange.Traced t, Reading r) {
        String steps = t.steps().stream().map(Step::toJson).collect(Collectors.joining(",", "[", "]"));
        return String.format(Locale.ROOT, "{\"model\":\"%s\",\"size\":%d,\"messages\":%d,\"source\":\"%s\",\"dropped\":%d,\"steps\":%s,"
                + "\"figures\":%s,\"reading\":\"%s\",\"drawing\":\"%s\"}", t.model().cliName(), t.size(), t.messages(), t.source(), t.dropped(),
                steps, r.toJson(), escape(r.text()), escape(Figure.draw(t)));
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
