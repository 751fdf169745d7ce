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
        Checks check = new Checks(spec);
        check.atLeast("--repeat", repeat, 1);
        boolean peer = peers == null || !peers.trim().equals("none");
        check.require(peers == null || peers.trim().equals("none") || peers.trim().equals("python-gevent"),
                "--peers " + peers + ": the green scenario's peer is python-gevent (or none)");
        check.writableDirectory("--out", out);
        for (String file : List.of("results.json", "results.csv")) {
            check.writableFile("--out", out.resolve(file));
        }
        String python = peer ? GreenBench.findPython() : null;
        if (peer && python == null) {
            System.err.println(GreenBench.PYTHON_MISSING);
        }
        String javaCmd = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> java = List.of(javaCmd, "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"));
        System.err.printf("bench: green scenario, %d figures x %d targets x %d runs, each a fresh process (about %d s)%n",
                GreenBench.FIGURES.size(), python == null ? 1 : 2, repeat, repeat * (python == null ? 12 : 60));
        Map<String, Map<String, List<Double>>> values = new GreenBench(java, python, out.toAbsolutePath(), System.err).run(repeat);
        GreenReport report = new GreenReport(values, repeat, python == null ? null : GreenBench.versions(python));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(report.table());
        for (Path p : report.write(out)) {
            stdout.println("wrote " + p);
        }
        stdout.flush();
        boolean failed = values.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream).anyMatch(d -> d.isNaN());
        return failed ? 1 : 0;
    }
}
