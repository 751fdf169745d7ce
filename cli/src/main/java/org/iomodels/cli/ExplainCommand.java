package org.iomodels.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.iomodels.engine.Engines;
import org.iomodels.explain.Exchange;
import org.iomodels.explain.Figure;
import org.iomodels.explain.Reading;
import org.iomodels.explain.StraceExchange;
import org.iomodels.server.IoModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code iomodels explain}: Stevens' two phases of a read, traced and measured on one model, or on all of them. */
@Command(name = "explain",
        mixinStandardHelpOptions = true,
        description = {"Trace one echoed exchange on a model: the server's syscalls in order with their phase (wait: phase 1,"
                + " waiting for the data; copy: phase 2, kernel to process or back; setup), the seeds' figure with the measured"
                + " times, and what it means. --all: one row per model.",
                "The server runs in this JVM with the tracing probe on for it alone; a warm-up exchange runs first, untraced."})
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL", description = "The I/O model (iomodels models lists them).")
    String model;

    @Option(names = "--all", description = "Every model this machine supports: one table of what a message cost on each.")
    boolean all;

    @Option(names = "--size", defaultValue = "64", paramLabel = "B", description = "Bytes per message (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--messages", defaultValue = "1", paramLabel = "K", description = "Messages sent, each echoed (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--protocol", defaultValue = "echo", description = "The exchange: echo only (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--json", description = "Print the trace and its figures as one JSON object (with --all: one per model, a JSON array).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Checks check = new Checks(spec);
        check.require(all != (model != null), all ? "give --model or --all, not both" : "give --model M (iomodels models lists them) or --all");
        check.require(protocol.equals("echo"), "--protocol " + protocol + ": explain traces an echo exchange only; valid: echo");
        check.range("--size", size, 1, 1 << 20);
        check.range("--messages", messages, 1, 1000);
        List<IoModel> models = new ArrayList<>();
        if (all) {
            models.addAll(List.of(IoModel.values()));
        } else {
            try {
                models.add(IoModel.byName(model));
            } catch (IllegalArgumentException e) {
                throw check.usage("--model " + model + ": " + e.getMessage());
            }
            String why = Engines.unsupportedReason(models.getFirst());
            check.require(why == null, "--model " + model + ": " + why);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> rows = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        ProgressBar bar = all ? new ProgressBar(err, "explain") : null;
        int traced = 0;
        for (IoModel m : models) {
            String why = Engines.unsupportedReason(m);
            if (why != null) {
                rows.add(String.format(Locale.ROOT, "%-13s skipped: %s", m.cliName(), why));
                traced++;
                continue;
            }
            if (bar != null) {
                bar.update(traced, models.size(), "tracing " + m.cliName());
            }
            Exchange.Traced t = ExplainTraces.traced(m, size, messages, err);
            traced++;
            Reading r = Reading.of(t);
            if (json) {
                objects.add(ExplainTraces.json(t, r));
            } else if (all) {
                rows.add(row(r));
            } else {
                out.printf(Locale.ROOT, "explain %s: %d message%s of %d bytes, echoed; times in µs from the client's first send; calls"
                        + " from %s%n%n", m.cliName(), messages, messages == 1 ? "" : "s", size,
                        t.source().equals("strace") ? "strace -f of the server (the JDK's own)" : "the engine's tracing probe");
                out.print(Figure.table(t));
                out.println();
                out.print(Figure.draw(t));
                out.println();
                out.println(r.text());
            }
        }
        if (bar != null) {
            bar.finish(models.size(), models.size(), "every model traced");
        }
        if (json) {
            out.println(all ? objects.stream().collect(Collectors.joining(",", "[", "]")) : objects.getFirst());
        } else if (all) {
            out.printf(Locale.ROOT, "%-13s %9s %10s %10s %9s %7s  %-40s %s%n", "model", "calls/msg", "wait_us", "copy_us", "wakeups",
                    "EAGAIN", "who waits", "who copies");
            rows.forEach(out::println);
            out.printf(Locale.ROOT, "%nper echoed message of %d bytes, median of %d; wait: from the client's send until the process"
                    + " had the data; copy: the process's read and write calls (0: the kernel copied)%n%s", size, messages,
                    StraceExchange.available() ? "jdk-* and virtual: the JDK's own calls, by strace -f (its stops are in their times;"
                            + " wake-ups not counted)\n" : "");
        }
        out.flush();
        return 0;
    }

    private static String row(Reading r) {
        String wakeUps = Double.isNaN(r.wakeUpsPerMessage()) ? "-" : String.format(Locale.ROOT, "%.1f", r.wakeUpsPerMessage());
        return String.format(Locale.ROOT, "%-13s %9.1f %10.1f %10.1f %9s %7.1f  %-40s %s", r.model().cliName(), r.callsPerMessage(),
                r.waitMicros(), r.copyMicros(), wakeUps, r.eagainPerMessage(), r.whoWaits(), r.whoCopies());
    }

}
