package org.iomodels.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.HdrHistogram.HistogramLogWriter;
import org.iomodels.load.LoadConfig;
import org.iomodels.load.LoadGenerator;
import org.iomodels.load.LoadResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code iomodels load}: drive an echo server, verify every byte, report throughput and latency. */
@Command(name = "load",
        mixinStandardHelpOptions = true,
        description = {"Drive an echo server with N connections, verify every echoed byte, and report msgs/s and latency percentiles.",
                "Closed loop (default): each connection keeps --pipeline messages in flight. Open loop (--rate): messages are sent"
                        + " on a fixed schedule and latency counts from each one's intended send time, so a stall cannot hide.",
                "Exit 0 when every byte came back intact, 1 on any error (a corrupt byte, a lost or refused connection)."})
final class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerAddress server;

    @Option(names = "--conns", defaultValue = "100", description = "Busy connections (default: ${DEFAULT-VALUE}).")
    int conns;

    @Option(names = "--idle", defaultValue = "0", description = "Extra connections that stay open and silent (default: ${DEFAULT-VALUE}).")
    int idle;

    @Option(names = "--size", defaultValue = "128", description = "Message size in bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--pipeline", defaultValue = "1", description = "Messages in flight per connection, closed loop (default: ${DEFAULT-VALUE}).")
    int pipeline;

    @Option(names = "--rate", defaultValue = "0", description = "Total messages per second, open loop; 0 = closed loop (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "5", description = "Seconds measured (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--warmup", defaultValue = "1", description = "Seconds of load before measuring (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--threads", defaultValue = "1", description = "Client event-loop threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Option(names = "--histogram-log", paramLabel = "FILE", description = "Also write the latency histogram (ns) in HdrHistogram's log format.")
    Path histogramLog;

    @Override
    public Integer call() throws Exception {
        LoadConfig config = config();
        PrintStream progress = System.err;
        LoadResult result = LoadGenerator.run(config, progress);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? result.toJson() + System.lineSeparator() : result.toText());
        out.flush();
        if (histogramLog != null) {
            writeLog(result);
        }
        return result.ok() ? 0 : 1;
    }

    /** Every option checked (see {@link Checks}) before a connection is made. */
    private LoadConfig config() {
        Checks check = new Checks(spec);
        check.range("--conns", conns, 0, LoadConfig.MAX_CONNS);
        check.range("--idle", idle, 0, LoadConfig.MAX_CONNS);
        check.require(conns + idle >= 1, "need at least one connection (--conns or --idle)");
        check.require(conns + idle <= LoadConfig.MAX_CONNS, "--conns " + conns + " plus --idle " + idle + " is more than "
                + LoadConfig.MAX_CONNS + " connections, the most one process holds here (open-file limit); run several load processes");
        check.size(size);
        check.pipeline(pipeline);
        check.require(rate >= 0, "--rate " + check.typed("--rate", rate) + " is negative; 0 is the closed loop");
        check.require(rate == 0 || conns > 0, "--rate needs busy connections (--conns 1 or more)");
        check.seconds("--warmup", warmup);
        check.positiveSeconds("--duration", duration);
        check.range("--threads", threads, 1, 64);
        if (histogramLog != null) {
            check.writableFile("--histogram-log", histogramLog);
        }
        InetSocketAddress target = server.resolve();
        return new LoadConfig(target, conns, idle, size, pipeline, rate, warmup, duration, threads, histogramLog);
    }

    private void writeLog(LoadResult result) throws IOException {
        HistogramLogWriter log = new HistogramLogWriter(histogramLog.toFile());
        try {
            log.outputComment("iomodels load " + result.config().target() + ", latency in nanoseconds");
            log.outputLogFormatVersion();
            log.outputStartTime(System.currentTimeMillis() - (long) (result.seconds() * 1000));
            log.outputLegend();
            result.latency().setStartTimeStamp(0);
            result.latency().setEndTimeStamp((long) (result.seconds() * 1000));
            log.outputIntervalHistogram(result.latency());
        } finally {
            log.close(); // it buffers: closing is what writes the histogram out
        }
    }
}
