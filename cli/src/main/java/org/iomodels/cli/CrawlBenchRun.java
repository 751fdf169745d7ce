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
        String python = ScenarioRun.checked(spec, "crawl", repeat, peers, CrawlBench.PYTHON, out, List.of("results.json", "results.csv", "report.html"),
                GreenBench.PYTHON_MISSING);
        List<String> java = ScenarioRun.childJava();
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
        ScenarioRun.report(spec, out, report.table(), null);
        return runs.values().stream().flatMap(List::stream).anyMatch(r -> Double.isNaN(r.seconds())) ? 1 : 0;
    }
}
