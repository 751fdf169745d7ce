package org.iomodels.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.iomodels.bench.green.GreenBench;
import org.iomodels.bench.processes.ProcessBench;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bench --scenario processes}: its options checked, the runs made, the table printed and written. */
final class ProcessBenchRun {
    private ProcessBenchRun() {}

    static int run(CommandSpec spec, int repeat, String peers, Path out) throws Exception {
        Checks check = new Checks(spec);
        check.atLeast("--repeat", repeat, 1);
        boolean peer = peers == null || !peers.trim().equals("none");
        check.require(peers == null || peers.trim().equals("none") || peers.trim().equals("python-multiprocessing"),
                "--peers " + peers + ": the processes scenario's peer is python-multiprocessing (or none)");
        check.writableDirectory("--out", out);
        check.writableFile("--out", out.resolve("table.txt"));
        String python = peer ? GreenBench.findPython() : null; // any python3 has multiprocessing; this one is the seeds'
        if (peer && python == null) {
            System.err.println("python-multiprocessing skipped: no /usr/bin/python3");
        }
        String javaCmd = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> java = List.of(javaCmd, "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"));
        System.err.printf("bench: processes scenario, %d figures x %d runs, each a fresh process%n", ProcessBench.FIGURES.size(), repeat);
        Map<String, Map<String, List<Double>>> values = new ProcessBench(java, python, System.err).run(repeat);
        String table = ProcessBench.table(values, repeat, python == null ? null : python + " " + pythonVersion(python));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(table);
        Files.createDirectories(out);
        Files.writeString(out.resolve("table.txt"), table);
        stdout.println("wrote " + out.resolve("table.txt"));
        stdout.flush();
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
