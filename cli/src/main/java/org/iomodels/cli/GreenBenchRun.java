package org.iomodels.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.iomodels.bench.green.GreenBench;
import org.iomodels.bench.green.GreenReport;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bench --scenario green}: its options checked, the runs made, the table printed and the results written. */
final class GreenBenchRun {
    private GreenBenchRun() {}

    static int run(CommandSpec spec, int repeat, String peers, Path out) throws Exception {
        String python = ScenarioRun.checked(spec, "green", repeat, peers, "python-gevent", out, List.of("results.json", "results.csv", "report.html"),
                GreenBench.PYTHON_MISSING);
        List<String> java = ScenarioRun.childJava();
        System.err.printf("bench: green scenario, %d figures x %d targets x %d runs, each a fresh process (about %d s)%n",
                GreenBench.FIGURES.size(), python == null ? 1 : 2, repeat, repeat * (python == null ? 12 : 60));
        Map<String, Map<String, List<Double>>> values = new GreenBench(java, python, System.err).run(repeat);
        GreenReport report = new GreenReport(values, repeat, python == null ? null : GreenBench.versions(python));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(report.table());
        for (Path p : report.write(out)) {
            stdout.println("wrote " + p);
        }
        ScenarioRun.report(spec, out, report.table(), null);
        boolean failed = values.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream).anyMatch(d -> d.isNaN());
        return failed ? 1 : 0;
    }
}
