package org.iomodels.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.iomodels.bench.BenchConfig;
import org.iomodels.bench.BenchConfig.Scenario;
import org.iomodels.bench.BenchRunner;
import org.iomodels.bench.Report;
import org.iomodels.bench.RunResult;
import org.iomodels.bench.Target;
import org.iomodels.bench.WrkProcess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code iomodels bench}: the models and their peers side by side, each in a fresh process. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {"Measure models and peers side by side: each run a fresh server process and a separate load process,",
                "runs interleaved (A B C, A B C, ...) and repeated, medians with min-max, ratios to a baseline.",
                "Writes results.json and results.csv into --out."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--models", defaultValue = "all", description = "'all', 'none', or a comma-separated list of models (default: ${DEFAULT-VALUE}).")
    String models;

    @Option(names = "--peers", description = "Peers to compare with, or 'none' (default: netty-epoll,netty-nio,netty-io_uring,"
            + "python-selectors,python-asyncio; for http the Netty ones, the Python peers serve echo only).")
    String peers;

    @Option(names = "--scenario", defaultValue = "echo", description = {"echo, idle (1 busy + N idle connections), memory (N idle connections)",
            "or http (wrk asking GET /plaintext on N keep-alive connections; needs wrk) (default: ${DEFAULT-VALUE})."})
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

    @Option(names = "--loops", defaultValue = "1", description = "Event-loop threads of every server, ours and Netty's (default: ${DEFAULT-VALUE}).")
    int loops;

    @Option(names = "--load-threads", defaultValue = "1", description = {"Threads of the load generator, or wrk's -t for http (default: ${DEFAULT-VALUE}:",
            "on 2 cores one for the client and one for a 1-loop server; a second client thread only takes the server's core)."})
    int loadThreads;

    @Option(names = "--baseline", defaultValue = "netty-epoll", description = "The target ratios divide by (default: ${DEFAULT-VALUE}; the first target if it is not measured).")
    String baseline;

    @Option(names = "--out", defaultValue = "bench-results", description = "Directory for results.json and results.csv (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        BenchConfig config = config();
        PrintWriter stdout = spec.commandLine().getOut();
        List<RunResult> results = new BenchRunner(config, System.err).run();
        Report report = new Report(config, results);
        stdout.print(report.table());
        for (Path p : report.write()) {
            stdout.println("wrote " + p);
        }
        stdout.flush();
        // A load error or a run that could not be made (its server did not start, wrk failed): exit 1.
        return results.stream().anyMatch(r -> r.errors() > 0 || (r.skip() != null && r.skip().startsWith("failed"))) ? 1 : 0;
    }

    private BenchConfig config() {
        try {
            Scenario sc = Scenario.byName(scenario);
            if (sc == Scenario.HTTP && WrkProcess.find() == null) {
                throw new IllegalArgumentException(WrkProcess.MISSING);
            }
            List<String> targets = new ArrayList<>();
            targets.addAll(models.equals("all") ? Target.allModels() : names(models));
            targets.addAll(peers != null ? names(peers) : sc == Scenario.HTTP ? Target.HTTP_PEERS : Target.PEERS);
            for (String t : targets) {
                Target.byName(t); // an unknown name fails here, with the valid ones
            }
            List<Integer> counts = conns != null ? conns : switch (sc) {
                case ECHO -> List.of(1, 100, 1000);
                case IDLE -> List.of(100, 900, 2000, 10000);
                case MEMORY -> List.of(1000, 10000);
                case HTTP -> List.of(256);
            };
            String base = targets.contains(baseline) ? baseline : targets.isEmpty() ? baseline : targets.getFirst();
            String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            List<String> jvm = List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"));
            double warm = warmup != null ? warmup : sc == Scenario.HTTP ? 5 : 2;
            return new BenchConfig(targets, sc, counts, size, pipeline, duration, warm, repeat, loops, loadThreads, base,
                    out.toAbsolutePath(), jvm, Main.class.getName());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static List<String> names(String list) {
        if (list.isBlank() || list.equals("none")) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
