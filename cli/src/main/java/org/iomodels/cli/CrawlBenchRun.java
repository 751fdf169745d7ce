package org.iomodels.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.iomodels.bench.crawl.CrawlBench;
import org.iomodels.bench.crawl.CrawlReport;
import org.iomodels.bench.green.GreenBench;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bench --scenario crawl}: its options checked, the runs made, the table printed and the results written. */
final class CrawlBenchRun {
    private CrawlBenchRun() {}

    static int run(CommandSpec spec, int repeat, String peers, Path out) throws Exception {
        Checks check = new Checks(spec);
        check.atLeast("--repeat", repeat, 1);
        boolean peer = peers == null || !peers.trim().equals("none");
        check.require(peers == null || peers.trim().equals("none") || peers.trim().equals(CrawlBench.PYTHON),
                "--peers " + peers + ": the crawl scenario's peer is python-gevent (or none)");
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
        CrawlBench.Plan plan = CrawlBench.Plan.DEFAULT;
        CrawlBench bench = new CrawlBench(plan, java, python, System.err);
        System.err.printf("bench: crawl scenario, %d targets x %d runs, each a fresh process%n", bench.targets().size(), repeat);
        Map<String, List<CrawlBench.Run>> runs = bench.run(repeat);
        CrawlReport report = new CrawlReport(plan, runs, python == null ? null : GreenBench.versions(python));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(report.table());
        for (Path p : report.write(out)) {
            stdout.println("wrote " + p);
        }
        stdout.flush();
        return runs.values().stream().flatMap(List::stream).anyMatch(r -> Double.isNaN(r.seconds())) ? 1 : 0;
    }
}
