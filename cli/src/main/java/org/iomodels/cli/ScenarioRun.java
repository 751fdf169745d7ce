package org.iomodels.cli;

import java.nio.file.Path;
import java.util.List;
import org.iomodels.bench.green.GreenBench;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the bench scenarios run outside the bench runner (green, crawl, processes) share: their
 * options checked the same way ({@code --repeat}, {@code --peers} naming their one peer or
 * {@code none}, {@code --out} and the files it will hold), the peer's python found, and the
 * command of the fresh JVMs they measure in.
 */
final class ScenarioRun {
    private ScenarioRun() {}

    /**
     * Checks the options of scenario {@code name}, whose peer is {@code peer}; returns the python to
     * run the peer with, or null (with {@code missing} said on stderr when the peer was wanted).
     */
    static String checked(CommandSpec spec, String name, int repeat, String peers, String peer, Path out, List<String> files,
                          String missing) {
        Checks check = new Checks(spec);
        check.atLeast("--repeat", repeat, 1);
        boolean wanted = peers == null || !peers.trim().equals("none");
        check.require(!wanted || peers == null || peers.trim().equals(peer),
                "--peers " + peers + ": the " + name + " scenario's peer is " + peer + " (or none)");
        check.writableDirectory("--out", out);
        for (String file : files) {
            check.writableFile("--out", out.resolve(file));
        }
        String python = wanted ? GreenBench.findPython() : null;
        if (wanted && python == null) {
            System.err.println(missing);
        }
        return python;
    }

    /** This JVM's java, with the flags and class path a probe needs. */
    static List<String> childJava() {
        String javaCmd = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return List.of(javaCmd, "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"));
    }

    /** Adds the run's command, machine and table to {@code out/results.json}, writes {@code out/report.html} and says so on stdout. */
    static void report(CommandSpec spec, Path out, String table, List<String> explain) throws Exception {
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("wrote " + org.iomodels.bench.report.ReportFiles.finish(out, command(spec), table, explain));
        stdout.flush();
    }

    /** The command as typed, for the report: {@code ./iomodels bench --scenario echo ...}, arguments with spaces quoted. */
    static String command(CommandSpec spec) {
        StringBuilder s = new StringBuilder("./iomodels");
        for (String a : spec.commandLine().getParseResult().originalArgs()) {
            s.append(' ').append(a.isEmpty() || a.matches(".*[\\s'\"$`\\\\].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return s.toString();
    }
}
