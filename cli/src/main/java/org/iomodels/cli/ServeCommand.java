package org.iomodels.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.iomodels.engine.Engines;
import org.iomodels.protocol.http.Http;
import org.iomodels.protocol.http.HttpConfig;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.iomodels.sys.SyscallCounters.Kind;
import org.iomodels.sys.SyscallCounters;
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

    @Option(names = "--delay", defaultValue = "0", paramLabel = "MS",
            description = "http: answer each request this many milliseconds after it arrives, from the connection's timer"
                    + " (no thread waits): a slow site on loopback, as the crawler's demo uses (default: ${DEFAULT-VALUE}).")
    long delayMillis;

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

    /** How long SIGTERM waits for the server to close before serve exits anyway. */
    private static final long STOP_MILLIS = 1_500;

    @Option(names = "--stats", description = "At exit, print one line of syscall counters (with --processes: the sum, then one per worker).")
    boolean stats;

    @Option(names = "--processes", paramLabel = "N|auto",
            description = "Serve on N worker processes sharing the port (SO_REUSEPORT: the kernel spreads the connections), each with"
                    + " --loops loops; auto: one per core. A worker that dies is restarted (default: one process, no workers).")
    String processes;

    @Override
    public Integer call() throws Exception {
        Checks check = new Checks(spec);
        IoModel ioModel = IoModel.byName(check.oneOf("--model", model, IoModel.names(), "model"));
        HttpConfig httpConfig = httpConfig(check);
        check.host(host);
        check.listenPort(port);
        check.loops(loops);
        check.atLeast("--max-connections", maxConnections, 1);
        Duration idleTimeout = idleTimeoutSeconds == null ? null : duration(check.positiveSeconds("--idle-timeout", idleTimeoutSeconds));
        ServerConfig config = ServerConfig.defaults().withHost(host).withPort(port).withLoops(loops)
                .withMaxConnections(maxConnections).withIdleTimeout(idleTimeout);
        if (!Engines.isSupported(ioModel)) {
            throw new IllegalStateException(ioModel + " is not supported on this machine: " + Engines.unsupportedReason(ioModel));
        }
        int workers = processes == null ? 0 : ServePrefork.processes(check, processes);
        check.require(workers == 0 || !protocol.equals("chat"), "--protocol chat keeps its room in one process: not with --processes");
        Handler handler;
        try {
            handler = Protocols.open(protocol, httpConfig);
        } catch (IllegalArgumentException e) { // --root cannot be served (unreadable)
            throw check.usage(e.getMessage());
        }
        if (workers > 0) {
            if (handler instanceof AutoCloseable c) {
                c.close(); // opened to check the options: each worker opens its own
            }
            return ServePrefork.run(ioModel, config, ServePrefork.handlers(protocol, httpConfig), workers, stats, STOP_MILLIS,
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        CountDownLatch stop = new CountDownLatch(1);
        PrintWriter out = spec.commandLine().getOut();
        try (Server server = Engines.open(ioModel, config, handler);
             AutoCloseable protocolResources = handler instanceof AutoCloseable c ? c : () -> {}) {
            if (handler instanceof Http http) {
                http.statsFrom(server);
            }
            server.start();
            Signals.onTerminate(stop::countDown); // once listening: a failed bind leaves the JVM's handlers alone
            var a = server.address();
            out.println("listening on " + a.getAddress().getHostAddress() + ":" + a.getPort() + " (model " + ioModel + ")");
            out.flush();
            stop.await();
            closeWithin(server, STOP_MILLIS);
            if (stats) {
                String line = statsLine(ioModel, server.counters());
                out.println(handler instanceof Http http ? line + " requests=" + http.requests() : line);
                out.flush();
            }
        }
        return 0;
    }

    /**
     * Closes the server for the exit that follows, waiting at most {@code millis}: serve promises
     * to exit within 2 s. The event loops end every connection (clients see end of stream); the
     * thread-per-connection engines let work in progress finish and leave idle connections for
     * the kernel to close as the process exits ({@link Server#closeForExit}). What is still
     * closing after {@code millis} is closed by the kernel too; one line says how many.
     */
    private void closeWithin(Server server, long millis) throws InterruptedException {
        Thread closer = Thread.ofPlatform().name("iomodels-serve-close").daemon()
                .start(() -> server.closeForExit(Duration.ofMillis(millis)));
        closer.join(millis + 100);
        if (closer.isAlive()) {
            spec.commandLine().getErr().println("serve: " + server.stats().open() + " connections were still closing after "
                    + millis + " ms; the kernel closes them as the process exits");
            spec.commandLine().getErr().flush();
        }
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

    /**
     * {@code --protocol} and the http options checked; those refused with another protocol (their
     * defaults apply, but a value the user gives to a protocol with no use for it is a mistake).
     */
    private HttpConfig httpConfig(Checks check) {
        check.oneOf("--protocol", protocol, Protocols.NAMES, "protocol");
        if (!protocol.equals("http")) {
            List<String> given = Stream.of("--root", "--header-timeout", "--max-body", "--delay").filter(check::given).toList();
            if (!given.isEmpty()) {
                String options = given.size() == 1 ? given.getFirst()
                        : String.join(", ", given.subList(0, given.size() - 1)) + " and " + given.getLast();
                throw check.usage(options + (given.size() == 1 ? " applies" : " apply") + " to --protocol http only");
            }
        }
        check.require(root == null || Files.isDirectory(root), "--root " + root
                + (root != null && Files.exists(root) ? " is not a directory" : ": no such directory"));
        Duration headerTimeout = duration(check.positiveSeconds("--header-timeout", headerTimeoutSeconds));
        check.range("--max-body", maxBody, 0, Integer.MAX_VALUE - 8, "bytes");
        check.range("--delay", delayMillis, 0, 3_600_000, "ms");
        check.require(delayMillis < headerTimeout.toMillis(), "--delay " + delayMillis
                + " ms must be shorter than --header-timeout (" + headerTimeout.toMillis() + " ms): a request is answered within it");
        return HttpConfig.defaults().withRoot(root).withMaxBody(maxBody).withHeaderTimeout(headerTimeout)
                .withResponseDelay(Duration.ofMillis(delayMillis));
    }

    private static Duration duration(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    /** The model names, for --help. */
    static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return IoModel.names().iterator();
        }
    }
}
