package org.iomodels.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.iomodels.protocol.http.Http;
import org.iomodels.protocol.http.HttpConfig;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.iomodels.server.Servers;
import org.iomodels.server.SyscallCounters;
import org.iomodels.server.SyscallCounters.Kind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code iomodels serve}: one protocol on one I/O model, until SIGINT or SIGTERM. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve a protocol on an I/O model until Ctrl-C (SIGINT) or SIGTERM; 'iomodels models' lists the models.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "The I/O model: ${COMPLETION-CANDIDATES}.",
            completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--protocol", defaultValue = "echo", description = "echo, chat or http (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--root", description = "http: serve the files under this directory (default: the built-in routes only).")
    Path root;

    @Option(names = "--header-timeout", defaultValue = "10",
            description = "http: seconds a client has to send a whole request (head and body) from its first byte; later is 408 (default: ${DEFAULT-VALUE}).")
    double headerTimeoutSeconds;

    @Option(names = "--max-body", defaultValue = "1048576",
            description = "http: largest request body in bytes; larger is 413 (default: ${DEFAULT-VALUE}).")
    long maxBody;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--loops", defaultValue = "1", description = "Event-loop threads of the event-loop models (default: ${DEFAULT-VALUE}).")
    int loops;

    @Option(names = "--max-connections", defaultValue = "10000", description = "Connections at once; past it new ones are closed (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--idle-timeout", description = "Close a connection idle this many seconds (default: never).")
    Double idleTimeoutSeconds;

    @Option(names = "--stats", description = "At exit, print one line of syscall counters.")
    boolean stats;

    @Override
    public Integer call() throws Exception {
        IoModel ioModel = parse(() -> IoModel.byName(model));
        if (root != null && !protocol.equals("http")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--root is for --protocol http");
        }
        HttpConfig httpConfig = parse(() -> HttpConfig.defaults().withRoot(root).withMaxBody(maxBody)
                .withHeaderTimeout(seconds("--header-timeout", headerTimeoutSeconds)));
        Handler handler = parse(() -> Protocols.open(protocol, httpConfig));
        ServerConfig config = parse(() -> ServerConfig.defaults().withHost(host).withPort(port).withLoops(loops)
                .withMaxConnections(maxConnections)
                .withIdleTimeout(idleTimeoutSeconds == null ? null : seconds("--idle-timeout", idleTimeoutSeconds)));
        if (!ioModel.isSupported()) {
            throw new IllegalStateException(ioModel + " is not supported on this machine: " + ioModel.unsupportedReason());
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTerminate(stop::countDown);
        PrintWriter out = spec.commandLine().getOut();
        try (Server server = Servers.open(ioModel, config, handler);
             AutoCloseable protocolResources = handler instanceof AutoCloseable c ? c : () -> {}) {
            if (handler instanceof Http http) {
                http.statsFrom(server);
            }
            server.start();
            var a = server.address();
            out.println("listening on " + a.getAddress().getHostAddress() + ":" + a.getPort() + " (model " + ioModel + ")");
            out.flush();
            stop.await();
            server.close();
            if (stats) {
                String line = statsLine(ioModel, server.counters());
                out.println(handler instanceof Http http ? line + " requests=" + http.requests() : line);
                out.flush();
            }
        }
        return 0;
    }

    /** {@code stats model=epoll msgs=.. bytes=.. syscalls=.. per_msg=.. wait=.. read=.. write=.. eagain=.. other=..} */
    static String statsLine(IoModel model, SyscallCounters.Snapshot s) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "stats model=%s msgs=%d bytes=%d syscalls=%d per_msg=%.2f",
                model, s.messages(), s.bytesIn(), s.totalCalls(), s.perMessage()));
        for (Kind kind : Kind.values()) {
            line.append(' ').append(kind.name().toLowerCase(Locale.ROOT)).append('=').append(s.calls(kind));
        }
        if (s.completions(Kind.READ) + s.completions(Kind.WRITE) > 0) {
            // io_uring: the kernel's own receives and sends, which are not syscalls of ours
            line.append(" async_read=").append(s.completions(Kind.READ)).append(" async_write=").append(s.completions(Kind.WRITE));
        }
        if (s.completions(Kind.WAIT) > 0) {
            line.append(" signals=").append(s.completions(Kind.WAIT)); // sigio: signals collected
        }
        return line.toString();
    }

    private static Duration seconds(String option, double seconds) {
        if (!(seconds > 0) || seconds > 1e9) {
            throw new IllegalArgumentException(option + " must be a positive number of seconds, not " + seconds);
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    /** Turns a bad value into a usage error (exit 2) naming what was wrong. */
    private <T> T parse(java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The model names, for --help. */
    static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return IoModel.names().iterator();
        }
    }
}
