package org.iomodels.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.iomodels.bench.BenchConfig;
import org.iomodels.bench.BenchConfig.Scenario;
import org.iomodels.bench.BenchRunner;
import org.iomodels.bench.Report;
import org.iomodels.bench.RunResult;
import org.iomodels.bench.Target;
import org.iomodels.bench.WrkProcess;
import org.iomodels.load.LoadConfig;
import org.iomodels.server.IoModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code iomodels bench}: the models and their peers side by side, each in a fresh process. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {"Measure models and peers side by side: each run a fresh server process and a separate load process,",
                "runs interleaved (A B C, A B C, ...) and repeated, medians with min-max, ratios to a baseline.",
                "Writes results.json, results.csv and report.html (charts, offline) into --out."})
final class BenchCommand implements Callable<Integer> {
    private static final String DEFAULT_BASELINE = "netty-epoll";

    @Spec
    CommandSpec spec;

    @Option(names = "--models", defaultValue = "all", description = "'all', 'none', or a comma-separated list of models (default: ${DEFAULT-VALUE}).")
    String models;

    @Option(names = "--peers", description = "Peers to compare with, or 'none' (default: netty-epoll,netty-nio,netty-io_uring,"
            + "python-selectors,python-asyncio,python-gevent; for http the Netty ones, the Python peers serve echo only).")
    String peers;

    @Option(names = "--scenario", defaultValue = "echo", description = {"echo, idle (1 busy + N idle connections), memory (N idle connections),",
            "http (wrk asking GET /plaintext on N keep-alive connections; needs wrk), green (green threads against",
            "greenlet and gevent) or crawl (a local site of 204 pages on 4 hosts, 50 ms latency, crawled by every crawl",
            "mode and by gevent + urllib), processes (child JVMs, pipes, queues, locks against CPython's multiprocessing),",
            "pool (a Pool's map, applyAsync and CPU-bound speed-up against CPython's multiprocessing.Pool),",
            "claims (the seeds' ten claims, each measured and settled: --claims; runs of 2 s after 1 s, once, unless given);",
            "for green, crawl, processes and pool --repeat, --peers (python-gevent, python-multiprocessing or none) and --out apply",
            "(default: ${DEFAULT-VALUE})."})
    String scenario;

    @Option(names = "--conns", split = ",", description = "Connection counts (default: echo 1,100,1000; idle 100,900,2000,10000; memory 1000,10000; http 256).")
    List<Integer> conns;

    @Option(names = "--size", defaultValue = "128", description = "Message size in bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--pipeline", defaultValue = "1", description = "Messages in flight per busy connection; for http, requests per write (default: ${DEFAULT-VALUE}).")
    int pipeline;

    @Option(names = "--duration", defaultValue = "5", description = "Seconds measured per run (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--warmup", description = {"Seconds of load before measuring, per run (default: 2; http 5: a fresh JVM",
            "compiles the HTTP path for about 3 s, which at 2 s would still be in the measured run)."})
    Double warmup;

    @Option(names = "--repeat", defaultValue = "3", description = "Runs per target and connection count (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--processes", split = ",", paramLabel = "N|auto",
            description = {"For each process count: every model on that many worker processes (epoll:p2, serve --processes),",
                    "and beside it the model and each Netty peer in one process with as many loops in all (epoll:l2, netty-epoll:l2).",
                    "A name in --models or --peers takes the same variants: :pN, :pauto, :lN."})
    List<String> processes;

    @Option(names = "--loops", defaultValue = "1", description = "Event-loop threads of every server, ours and Netty's (default: ${DEFAULT-VALUE}).")
    int loops;

    @Option(names = "--load-threads", defaultValue = "1", description = {"Threads of the load generator, or wrk's -t for http (default: ${DEFAULT-VALUE}:",
            "on 2 cores one for the client and one for a 1-loop server; a second client thread only takes the server's core)."})
    int loadThreads;

    @Option(names = "--baseline", description = "The target ratios divide by, one of those measured (default: " + DEFAULT_BASELINE
            + "; the first target if it is not measured).")
    String baseline;

    @Option(names = "--out", defaultValue = "bench-results", description = "Directory for results.json and results.csv (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--claims", defaultValue = "all", paramLabel = "N,...",
            description = "For --scenario claims: which of the ten claims to measure, by number (default: ${DEFAULT-VALUE}).")
    String claims;

    @Option(names = "--no-explain", description = {"Skip the explain traces: by default, after the runs, each model measured is traced",
            "as explain --model M --messages 20 for the report's section on the two phases (not for memory)."})
    boolean noExplain;

    @Override
    public Integer call() throws Exception {
        if (scenario.equalsIgnoreCase("green")) {
            return GreenBenchRun.run(spec, repeat, peers, out);
        }
        if (scenario.equalsIgnoreCase("crawl")) {
            return CrawlBenchRun.run(spec, repeat, peers, out);
        }
        if (scenario.equalsIgnoreCase("processes")) {
            return ProcessBenchRun.run(spec, repeat, peers, out);
        }
        if (scenario.equalsIgnoreCase("claims")) {
            var matched = spec.commandLine().getParseResult();
            return ClaimsRun.run(spec, claims, matched.hasMatchedOption("--duration") ? duration : 2,
                    matched.hasMatchedOption("--warmup") ? warmup : 1, matched.hasMatchedOption("--repeat") ? repeat : 1, out);
        }
        if (scenario.equalsIgnoreCase("pool")) {
            return ProcessBenchRun.run(org.iomodels.bench.processes.ProcessBench.POOL, spec, repeat, peers, out);
        }
        BenchConfig config = config();
        PrintWriter stdout = spec.commandLine().getOut();
        List<RunResult> results = new BenchRunner(config, System.err).run();
        Report report = new Report(config, results);
        stdout.print(report.table());
        for (Path p : report.write()) {
            stdout.println("wrote " + p);
        }
        stdout.flush();
        ScenarioRun.report(spec, config.out(), report.table(), noExplain ? null : BenchExplain.traces(config));
        // A load error or a run that could not be made (its server did not start, wrk failed): exit 1.
        return results.stream().anyMatch(r -> r.errors() > 0 || (r.skip() != null && r.skip().startsWith("failed"))) ? 1 : 0;
    }

    /** Every option checked (see {@link Checks}) before the first server starts. */
    private BenchConfig config() {
        Checks check = new Checks(spec);
        List<String> scenarios = new ArrayList<>(Arrays.stream(Scenario.values()).map(Scenario::label).toList());
        scenarios.add("green"); // run by GreenBenchRun, before this
        scenarios.add("crawl"); // run by CrawlBenchRun, before this
        scenarios.add("processes"); // run by ProcessBenchRun, before this
        scenarios.add("pool"); // the same
        scenarios.add("claims"); // run by ClaimsRun
        Scenario sc = Scenario.byName(check.oneOf("--scenario", scenario.toLowerCase(Locale.ROOT), scenarios, "scenario"));
        List<String> targets = new ArrayList<>(models.equals("all") ? Target.allModels()
                : check.distinctOf("--models", models, names(models), IoModel.names(), "model"));
        targets.addAll(peers != null ? check.distinctOf("--peers", peers, names(peers), Target.PEERS, "peer")
                : sc == Scenario.HTTP ? Target.HTTP_PEERS : Target.PEERS);
        if (processes != null) {
            targets = withProcesses(check, targets);
        }
        for (String t : targets) {
            try {
                Target.byName(t);
            } catch (IllegalArgumentException e) {
                throw check.usage(e.getMessage());
            }
        }
        check.require(!targets.isEmpty(), "nothing to measure: no model (--models) and no peer (--peers)");
        List<Integer> counts = conns != null ? conns : switch (sc) {
            case ECHO -> List.of(1, 100, 1000);
            case IDLE -> List.of(100, 900, 2000, 10000);
            case MEMORY -> List.of(1000, 10000);
            case HTTP -> List.of(256);
        };
        for (int c : counts) {
            check.range("--conns", c, 1, LoadConfig.MAX_CONNS);
        }
        check.size(size);
        check.pipeline(pipeline);
        check.positiveSeconds("--duration", duration);
        double warm = warmup != null ? check.seconds("--warmup", warmup) : sc == Scenario.HTTP ? 5 : 2;
        if (sc == Scenario.HTTP) {
            wholeSeconds(check, "--duration", duration);
            wholeSeconds(check, "--warmup", warm);
        }
        check.atLeast("--repeat", repeat, 1);
        check.loops(loops);
        check.range("--load-threads", loadThreads, 1, 64);
        String base = baseline(check, targets);
        check.require(sc != Scenario.HTTP || WrkProcess.find() != null, WrkProcess.MISSING);
        check.writableDirectory("--out", out);
        for (String file : List.of("results.json", "results.csv", "report.html")) { // written over at the end
            check.writableFile("--out", out.resolve(file));
        }
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> jvm = List.of(java, "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"));
        return new BenchConfig(targets, sc, counts, size, pipeline, duration, warm, repeat, loops, loadThreads, base,
                out.toAbsolutePath(), jvm, Main.class.getName());
    }

    private static void wholeSeconds(Checks check, String option, double seconds) {
        check.require(seconds == Math.rint(seconds), option + " " + check.typed(option, seconds)
                + " is not whole seconds, which the http scenario needs (wrk -d takes no fractions)");
    }

    /** The target ratios divide by: one given must be measured; by default netty-epoll, else the first target. */
    private String baseline(Checks check, List<String> targets) {
        if (baseline != null) {
            check.require(targets.contains(baseline), "--baseline " + baseline + ": not a target of this run; valid targets: "
                    + String.join(", ", targets));
            return baseline;
        }
        return targets.contains(DEFAULT_BASELINE) ? DEFAULT_BASELINE : targets.getFirst();
    }

    /** The targets with --processes' variants: each model on N processes, and the model and each Netty peer with N times the loops. */
    private List<String> withProcesses(Checks check, List<String> given) {
        List<String> all = new ArrayList<>(given);
        for (String p : processes) {
            int n = ServePrefork.processes(check, p);
            for (String t : given) {
                if (Target.byName(t).kind() == Target.Kind.ENGINE) {
                    all.add(t + ":p" + (p.equals("auto") ? "auto" : n));
                }
                if (n > 1 && Target.byName(t).kind() != Target.Kind.PYTHON) {
                    all.add(t + ":l" + n * loops);
                }
            }
        }
        return all.stream().distinct().toList();
    }

    private static List<String> names(String list) {
        if (list.isBlank() || list.equals("none")) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
