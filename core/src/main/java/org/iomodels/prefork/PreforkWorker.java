package org.iomodels.prefork;

import java.io.EOFException;
import java.io.Serial;
import java.time.Duration;
import org.iomodels.engine.Engines;
import org.iomodels.process.ChildProcess;
import org.iomodels.process.Connection;
import org.iomodels.process.Tasks;
import org.iomodels.protocol.http.Http;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.sys.SyscallCounters;

/**
 * One worker of a {@link PreforkServer}: a daemon child JVM that builds its handler, serves the
 * model on the shared port ({@code SO_REUSEPORT}), says {@code ready} to the supervisor on its
 * control pipe, and serves until told to stop (then drains, and sends its counters back) or until
 * the pipe ends: a supervisor gone, even by SIGKILL, leaves no worker behind.
 */
final class PreforkWorker extends ChildProcess {
    @Serial
    private static final long serialVersionUID = 1L;

    private final IoModel model;
    private final WorkerSettings settings;
    private final Tasks.Call0<? extends Handler> handlers;
    private final Connection control;

    PreforkWorker(int slot, IoModel model, WorkerSettings settings, Tasks.Call0<? extends Handler> handlers, Connection control) {
        this.model = model;
        this.settings = settings;
        this.handlers = handlers;
        this.control = control;
        name("prefork-worker-" + slot);
        daemon(true);
    }

    /** A worker's counters at its end (a {@link SyscallCounters.Snapshot}'s parts) and, for HTTP, its requests (-1: not HTTP). */
    record Report(long[] calls, long[] nanos, long[] completions, long messages, long bytesIn, long bytesOut, long requests)
            implements java.io.Serializable, org.iomodels.process.Decodable {
        static Report of(SyscallCounters.Snapshot s, long requests) {
            return new Report(s.calls(), s.nanos(), s.completions(), s.messages(), s.bytesIn(), s.bytesOut(), requests);
        }

        SyscallCounters.Snapshot snapshot() {
            return new SyscallCounters.Snapshot(calls, nanos, completions, messages, bytesIn, bytesOut);
        }
    }

    /** What a worker says instead of its port when it cannot listen. */
    static final String FAILED = "failed: ";

    @Override
    public void run() throws Exception {
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN); // Ctrl-C: the supervisor stops us
        Handler handler = handlers.call();
        try (Server server = Engines.open(model, settings.config(), handler);
             AutoCloseable resources = handler instanceof AutoCloseable c ? c : () -> {}) {
            if (handler instanceof Http http) {
                http.statsFrom(server);
            }
            try {
                server.start();
            } catch (java.io.IOException | RuntimeException e) {
                control.send(FAILED + e.getMessage()); // one line in the supervisor's error, no stack trace
                return;
            }
            control.send(server.address().getPort()); // ready
            long drainMillis;
            try {
                drainMillis = (Long) control.recv();
            } catch (EOFException supervisorGone) {
                return; // the kernel closes the connections as the process exits
            }
            server.closeForExit(Duration.ofMillis(drainMillis));
            control.send(Report.of(server.counters(), handler instanceof Http http ? http.requests() : -1));
        }
    }
}
