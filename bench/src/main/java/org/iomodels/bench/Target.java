package org.iomodels.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.engine.Engines;
import org.iomodels.server.IoModel;

/**
 * A server the bench can measure: one of our engines (through {@code serve}), a Netty transport,
 * or a Python echo server. Each is started in a fresh process by {@link #command}, serving echo,
 * or HTTP in the http scenario ({@code serve --protocol http}, {@link NettyHttpServer}). A name
 * may carry variants: {@code epoll:p2} serves on 2 worker processes ({@code serve --processes 2},
 * {@code :pauto} one per core), {@code epoll:l4} and {@code netty-epoll:l4} with 4 event loops
 * instead of {@code --loops}.
 *
 * @param processes {@code serve --processes} (0: one process, no workers; -1: auto)
 * @param loops     event loops of this target (0: the bench's {@code --loops})
 * @param skip      why this target cannot run here, or null
 */
public record Target(String name, Kind kind, int processes, int loops, String skip) {
    public enum Kind { ENGINE, NETTY, PYTHON }

    /** The peers, in the order the issue names them. */
    public static final List<String> PEERS =
            List.of("netty-epoll", "netty-nio", "netty-io_uring", "python-selectors", "python-asyncio", "python-gevent");

    /** The peers that serve HTTP: the Python ones are echo servers only. */
    public static final List<String> HTTP_PEERS = List.of("netty-epoll", "netty-nio", "netty-io_uring");

    /** Resolves a target name; unknown names throw with the list of valid ones. */
    public static Target byName(String name) {
        String[] parts = name.split(":");
        int processes = 0;
        int loops = 0;
        for (int i = 1; i < parts.length; i++) {
            String v = parts[i];
            if (v.equals("pauto")) {
                processes = -1;
            } else if (v.matches("[pl][1-9][0-9]{0,2}")) {
                int n = Integer.parseInt(v.substring(1));
                if (v.charAt(0) == 'p') {
                    processes = n;
                } else {
                    loops = n;
                }
            } else {
                throw new IllegalArgumentException("unknown variant '" + v + "' of '" + name + "'; variants are :pN, :pauto (processes)"
                        + " and :lN (loops)");
            }
        }
        Target base = baseByName(parts[0]);
        if (processes != 0 && base.kind != Kind.ENGINE) {
            throw new IllegalArgumentException("'" + name + "': only iomodels' models serve on several processes (:pN)");
        }
        if (loops != 0 && base.kind == Kind.PYTHON) {
            throw new IllegalArgumentException("'" + name + "': a Python peer has no event loops to set (:lN)");
        }
        return new Target(name, base.kind, processes, loops, base.skip);
    }

    private static Target baseByName(String name) {
        for (IoModel m : IoModel.values()) {
            if (m.toString().equals(name)) {
                return new Target(name, Kind.ENGINE, 0, 0, Engines.isSupported(m) ? null : Engines.unsupportedReason(m));
            }
        }
        return switch (name) {
            case "netty-epoll", "netty-nio", "netty-io_uring" -> new Target(name, Kind.NETTY, 0, 0, null);
            case "python-selectors", "python-asyncio" -> new Target(name, Kind.PYTHON, 0, 0, pythonMissing());
            case "python-gevent" -> new Target(name, Kind.PYTHON, 0, 0, org.iomodels.bench.green.GreenBench.findPython() == null
                    ? "no python3 with gevent (Debian: apt-get install python3-gevent)" : null);
            default -> throw new IllegalArgumentException("unknown model or peer '" + name + "'; expected one of "
                    + String.join(", ", IoModel.names()) + ", " + String.join(", ", PEERS));
        };
    }

    /** The model or peer, without its variants. */
    public String base() {
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    /** Every model name, for {@code --models all}. */
    public static List<String> allModels() {
        return new ArrayList<>(IoModel.names());
    }

    /** Why this target cannot run {@code scenario} with {@code fds} connections here, or null. */
    String skipFor(BenchConfig.Scenario scenario, int fds) {
        if (skip != null) {
            return skip;
        }
        if (scenario == BenchConfig.Scenario.HTTP && kind == Kind.PYTHON) {
            return "the Python peers serve echo only, not HTTP";
        }
        return cannotHold(fds);
    }

    /** Whether a server on this target can hold {@code fds} connections at once. */
    private String cannotHold(int fds) {
        return base().equals("select") && fds > 950 // the JVM holds a few dozen fds of its own (jars, epoll)
                ? "select cannot watch fd >= 1024 (FD_SETSIZE); " + fds + " connections would be refused"
                : null;
    }

    /** The command that starts this server on an ephemeral port. */
    List<String> command(BenchConfig config) throws IOException {
        List<String> cmd = new ArrayList<>();
        boolean http = config.scenario() == BenchConfig.Scenario.HTTP;
        switch (kind) {
            case ENGINE -> {
                cmd.addAll(config.java());
                cmd.addAll(List.of(config.cliMain(), "serve", "--model", base(), "--protocol", http ? "http" : "echo", "--port", "0",
                        "--loops", Integer.toString(loops > 0 ? loops : config.loops()), "--max-connections", "20000", "--stats"));
                if (processes != 0) {
                    cmd.addAll(List.of("--processes", processes < 0 ? "auto" : Integer.toString(processes)));
                }
            }
            case NETTY -> {
                cmd.addAll(config.java());
                cmd.addAll(List.of((http ? NettyHttpServer.class : NettyEchoServer.class).getName(),
                        base().substring("netty-".length()), "0", Integer.toString(loops > 0 ? loops : config.loops())));
            }
            case PYTHON -> cmd.addAll(List.of(name.equals("python-gevent") ? org.iomodels.bench.green.GreenBench.findPython() : "python3",
                    script(config.out(), name.substring("python-".length())).toString(), "--port", "0"));
        }
        return cmd;
    }

    /** The Python peer's script, copied out of the jar next to the results. */
    private static Path script(Path out, String flavour) throws IOException {
        String file = flavour + "_echo.py";
        Path target = out.resolve(file);
        try (InputStream in = Target.class.getResourceAsStream("python/" + file)) {
            if (in == null) {
                throw new IOException("the bench jar lacks python/" + file);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static String pythonMissing() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "python3"))) {
                return null;
            }
        }
        return "python3 is not on PATH";
    }
}
