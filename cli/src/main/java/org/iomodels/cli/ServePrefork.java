package org.iomodels.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.iomodels.prefork.PreforkServer;
import org.iomodels.prefork.WorkerReport;
import org.iomodels.process.Tasks;
import org.iomodels.protocol.http.HttpConfig;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.ServerConfig;
import org.iomodels.sys.SyscallCounters;

/**
 * {@code serve --processes N}: the supervisor's side. One {@code listening on} line once every
 * worker listens; worker deaths and restarts on stderr; on SIGINT or SIGTERM (to the supervisor:
 * the workers ignore a terminal's SIGINT) every worker drains for at most 1.5 s and the supervisor
 * exits 0 within 2 s, with {@code --stats} the summed line and one per worker.
 */
final class ServePrefork {
    private ServePrefork() {}

    /** {@code --processes}: a count of 1 or more, or {@code auto} (one per core). */
    static int processes(Checks check, String value) {
        if (value.equals("auto")) {
            return Math.min(256, Runtime.getRuntime().availableProcessors());
        }
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw check.usage("--processes takes a count of 1 or more, or auto, not '" + value + "'");
        }
        return check.range("--processes", n, 1, 256);
    }

    /** The handlers a worker builds for itself: from what the command line said, nothing shared. */
    static Tasks.Call0<Handler> handlers(String protocol, HttpConfig http) {
        String root = http.root() == null ? null : http.root().toString();
        long maxBody = http.maxBody();
        long headerMillis = http.headerTimeout().toMillis();
        long delayMillis = http.responseDelay().toMillis();
        return () -> Protocols.open(protocol, HttpConfig.defaults().withRoot(root == null ? null : Path.of(root)).withMaxBody(maxBody)
                .withHeaderTimeout(Duration.ofMillis(headerMillis)).withResponseDelay(Duration.ofMillis(delayMillis)));
    }

    static int run(IoModel model, ServerConfig config, Tasks.Call0<Handler> handlers, int processes, boolean stats, long drainMillis,
                   PrintWriter out, PrintWriter err) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        // A new JVM per worker: no spare JVM waits beside the workers (63 MB, and its warm-up's CPU) for a restart that is rare.
        org.iomodels.process.ChildProcess.setStartMethod("spawn");
        Signals.onTerminate(stop::countDown); // from the start: a SIGTERM while the workers start stops them once they listen
        PreforkServer server = PreforkServer.start(model, config, handlers, processes, line -> {
            err.println("serve: " + line);
            err.flush();
        });
        try {
            var a = server.address();
            out.println("listening on " + a.getAddress().getHostAddress() + ":" + a.getPort() + " (model " + model + ", "
                    + processes + (processes == 1 ? " process" : " processes") + ", pids " + server.workerPids() + ")");
            out.flush();
            stop.await();
        } finally {
            List<WorkerReport> reports = server.stop(Duration.ofMillis(drainMillis));
            if (stats) {
                printStats(model, processes, reports, out);
            }
        }
        return 0;
    }

    private static void printStats(IoModel model, int processes, List<WorkerReport> reports, PrintWriter out) {
        SyscallCounters.Snapshot sum = SyscallCounters.Snapshot.EMPTY;
        long requests = 0;
        for (WorkerReport r : reports) {
            sum = sum.sum(r.counters());
            requests += Math.max(0, r.requests());
        }
        boolean http = reports.stream().anyMatch(r -> r.requests() >= 0);
        out.println(ServeCommand.statsLine(model, sum) + " processes=" + processes + " reported=" + reports.size()
                + (http ? " requests=" + requests : ""));
        for (WorkerReport r : reports) {
            out.println("stats worker=" + r.slot() + " pid=" + r.pid() + " " + ServeCommand.statsLine(model, r.counters()).substring("stats ".length())
                    + (r.requests() >= 0 ? " requests=" + r.requests() : ""));
        }
        out.flush();
    }
}
