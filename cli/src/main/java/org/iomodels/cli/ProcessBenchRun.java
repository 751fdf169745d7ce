package org.iomodels.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.iomodels.bench.processes.ProcessBench;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bench --scenario processes} and {@code --scenario pool}: the options checked, the runs made, the table printed and written. */
final class ProcessBenchRun {
    private ProcessBenchRun() {}

    static int run(CommandSpec spec, int repeat, String peers, Path out) throws Exception {
        return run(ProcessBench.PROCESSES, spec, repeat, peers, out);
    }

    /** The processes or the pool scenario. */
    static int run(ProcessBench.Suite suite, CommandSpec spec, int repeat, String peers, Path out) throws Exception {
        // Any python3 has multiprocessing; the one found is the seeds' (with gevent), Debian's /usr/bin/python3.
        String python = ScenarioRun.checked(spec, suite.name(), repeat, peers, "python-multiprocessing", out, List.of("table.txt", "results.json", "report.html"),
                "python-multiprocessing skipped: no /usr/bin/python3 with greenlet and gevent");
        List<String> java = ScenarioRun.childJava();
        System.err.printf("bench: %s scenario, %d figures x %d runs, each a fresh process%n", suite.name(), suite.figures().size(), repeat);
        Map<String, Map<String, List<Double>>> values = new ProcessBench(suite, java, python, System.err).run(repeat);
        String table = ProcessBench.table(suite, values, repeat, python == null ? null : python + " " + pythonVersion(python));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(table);
        Files.createDirectories(out);
        Files.writeString(out.resolve("table.txt"), table);
        Files.writeString(out.resolve("results.json"), ProcessBench.json(suite, values, repeat,
                python == null ? null : python + " " + pythonVersion(python)));
        stdout.println("wrote " + out.resolve("table.txt"));
        stdout.println("wrote " + out.resolve("results.json"));
        ScenarioRun.report(spec, out, table, null);
        return values.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream).anyMatch(d -> d.isNaN()) ? 1 : 0;
    }

    private static String pythonVersion(String python) throws Exception {
        Process p = new ProcessBuilder(python, "-c", "import sys; print(sys.version.split()[0])").redirectErrorStream(true).start();
        try {
            p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            return new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        } finally {
            p.destroyForcibly();
        }
    }
}
