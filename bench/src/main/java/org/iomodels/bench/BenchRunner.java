package org.iomodels.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iomodels.bench.BenchConfig.Scenario;

/**
 * Runs a benchmark: for each repeat, for each connection count, every target once, in the same
 * order (A B C, A B C, ...), so slow drift of a noisy machine spreads over all targets alike. Each
 * run starts a fresh server process, drives it from a fresh {@link LoadProcess}, samples the server
 * through /proc while the load measures, and stops it with SIGTERM.
 */
public final class BenchRunner {
    private static final Pattern SYSCALLS = Pattern.compile("stats model=\\S+ msgs=\\d+ bytes=\\d+ syscalls=(\\d+).*");

    /** The memory scenario holds its connections at least this long: the wait for the server, then jcmd, fit in it. */
    static final double MEMORY_HOLD_SECONDS = 5;
    /** What the memory scenario's hold keeps back for sampling (two jcmd calls) after waiting for the server. */
    private static final double MEMORY_SAMPLE_SECONDS = 3;

    /** An unknown run's time beyond its warm-up and measurement (two JVMs start, connect, stop): the estimate's first guess. */
    static final double OVERHEAD_GUESS_SECONDS = 2;

    private final BenchConfig config;
    private final Progress progress;

    public BenchRunner(BenchConfig config, PrintStream progressOut) {
        this.config = config;
        this.progress = new Progress(progressOut, plan(config).size(), OVERHEAD_GUESS_SECONDS);
    }

    /** One run to make: its target and connection count, and the seconds it is planned to take (0 when skipped). */
    record Planned(String target, int conns, int repeat, double seconds) {}

    /** Every run, in the order they are made (A B C, A B C, ...). */
    static List<Planned> plan(BenchConfig config) {
        List<Planned> runs = new ArrayList<>();
        for (int rep = 1; rep <= config.repeat(); rep++) {
            for (int conns : config.conns()) {
                for (String name : config.targets()) {
                    int fds = config.scenario() == Scenario.IDLE ? conns + 1 : conns;
                    boolean skipped = Target.byName(name).skipFor(config.scenario(), fds) != null;
                    runs.add(new Planned(name, conns, rep, skipped ? 0 : config.warmup() + measuredSeconds(config)));
                }
            }
        }
        return runs;
    }

    public List<RunResult> run() throws IOException, InterruptedException {
        Files.createDirectories(config.out());
        List<Planned> plan = plan(config);
        progress.announce(plan.stream().filter(p -> p.seconds() == 0).count(), plan.stream().mapToDouble(Planned::seconds).sum(),
                config.warmup(), measuredSeconds(config));
        List<RunResult> results = new ArrayList<>();
        try {
            for (Planned p : plan) {
                if (Children.stopping()) {
                    Children.awaitExit(); // SIGTERM or SIGINT: the hook is ending the children, the JVM is exiting
                }
                progress.start(p.target(), p.conns(), p.repeat(), config.repeat(), p.seconds());
                results.add(runOne(Target.byName(p.target()), p.conns(), p.repeat()));
                progress.finish();
            }
        } finally {
            progress.done();
        }
        return results;
    }

    /** How long the load runs after its warm-up: the memory scenario holds its connections at least {@link #MEMORY_HOLD_SECONDS}. */
    static double measuredSeconds(BenchConfig config) {
        return config.scenario() == Scenario.MEMORY ? Math.max(config.duration(), MEMORY_HOLD_SECONDS) : config.duration();
    }

    /** The syscalls our engine counted, from the stats line {@code serve --stats} prints at exit; -1 without one (a peer). */
    static long syscalls(List<String> serverTail) {
        for (String line : serverTail) {
            Matcher m = SYSCALLS.matcher(line);
            if (m.matches()) {
                return Long.parseLong(m.group(1));
            }
        }
        return -1;
    }

    /** The kernel's share of the server's CPU while measuring: what no user-space code can win back. */
    private static double systemShare(double[][] cpu) {
        double user = cpu[1][0] - cpu[0][0];
        double system = cpu[1][1] - cpu[0][1];
        return user + system > 0 ? system / (user + system) : Double.NaN;
    }

    /** CPU cores a process used over {@code seconds}: near the load's thread count, the client was the limit. */
    private static double cores(double[][] cpu, double seconds) {
        if (cpu[0] == null || cpu[1] == null || !(seconds > 0)) {
            return Double.NaN;
        }
        return (cpu[1][0] + cpu[1][1] - cpu[0][0] - cpu[0][1]) / seconds;
    }

    private RunResult runOne(Target target, int conns, int rep) throws InterruptedException {
        int busy = switch (config.scenario()) {
            case ECHO, HTTP -> conns;
            case IDLE -> 1;
            case MEMORY -> 0;
        };
        int idle = config.scenario() == Scenario.IDLE || config.scenario() == Scenario.MEMORY ? conns : 0;
        String skip = target.skipFor(config.scenario(), busy + idle);
        if (skip != null) {
            return RunResult.skipped(target.name(), busy, idle, rep, skip);
        }
        try (ServerProcess server = ServerProcess.start(target.command(config))) {
            if (config.scenario() == Scenario.HTTP) {
                return new HttpRun(config, server).measure(target, conns, rep);
            }
            return measure(target, server, busy, idle, rep);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (Children.stopping()) {
                Children.awaitExit(); // the failure is the shutdown's own doing: nothing to report
            }
            String why = e instanceof IOException ? e.getMessage() : e.toString();
            progress.note(target.name() + ": " + why);
            return RunResult.skipped(target.name(), busy, idle, rep, "failed: " + why);
        }
    }

    private RunResult measure(Target target, ServerProcess server, int busy, int idle, int rep) throws Exception {
        boolean memory = config.scenario() == Scenario.MEMORY;
        MemoryProbe probe = new MemoryProbe(config, server, target.kind() != Target.Kind.PYTHON);
        MemoryProbe.Sample before = memory ? probe.sample() : null;
        double[][] cpu = new double[2][];
        double[][] clientCpu = new double[2][];
        LoadProcess[] self = new LoadProcess[1];
        double[] threads = {Double.NaN};
        MemoryProbe.Sample[] during = new MemoryProbe.Sample[1];
        // The memory scenario must hold its connections while the server accepts them all and the probe runs.
        double duration = measuredSeconds(config);
        LoadProcess load = new LoadProcess(LoadProcess.command(config, server.port, busy, idle, duration), phase -> {
            if (phase.equals("connected")) {
                if (memory) { // the warm-up runs meanwhile: the sample waits for the server's accepts, not for a clock
                    probe.awaitAccepted(self[0].connected(), (long) ((config.warmup() + duration - MEMORY_SAMPLE_SECONDS) * 1e9));
                }
                return;
            }
            int at = phase.equals("measuring") ? 0 : 1;
            clientCpu[at] = Proc.cpuSeconds(self[0].pid());
            if (at == 0) {
                cpu[0] = server.cpuSeconds();
                threads[0] = server.status("Threads");
                if (memory) {
                    during[0] = probe.sample();
                }
            } else {
                cpu[1] = server.cpuSeconds();
            }
        });
        self[0] = load;
        String json;
        try {
            json = load.await((long) (config.warmup() + duration) + 120);
        } finally {
            load.kill();
        }
        double peakRss = server.status("VmHWM");
        List<String> tail = server.stop();
        double msgs = LoadProcess.number(json, "msgs");
        double totalMsgs = LoadProcess.number(json, "total_msgs");
        long syscalls = syscalls(tail);
        double syscallsPerMsg = syscalls >= 0 && totalMsgs > 0 ? syscalls / totalMsgs : Double.NaN;
        double n = idle;
        return new RunResult(target.name(), busy, idle, rep, null,
                LoadProcess.number(json, "msgs_per_s"), LoadProcess.number(json, "p50"), LoadProcess.number(json, "p90"),
                LoadProcess.number(json, "p99"), LoadProcess.number(json, "p99.9"), LoadProcess.number(json, "max"),
                msgs > 0 ? (cpu[1][0] + cpu[1][1] - cpu[0][0] - cpu[0][1]) / msgs * 1e6 : Double.NaN,
                systemShare(cpu), cores(clientCpu, LoadProcess.number(json, "duration_s")), peakRss, threads[0], syscallsPerMsg,
                memory && during[0] != null ? (during[0].rssBytes() - before.rssBytes()) / n : Double.NaN,
                memory && during[0] != null ? (during[0].heapBytes() - before.heapBytes()) / n : Double.NaN,
                (long) LoadProcess.number(json, "total"), LoadProcess.firstError(json), Double.NaN, Double.NaN,
                LoadProcess.distribution(json));
    }
}
