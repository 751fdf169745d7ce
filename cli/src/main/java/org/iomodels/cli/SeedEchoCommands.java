package org.iomodels.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.iomodels.engine.base.AbstractServer;
import org.iomodels.examples.BlockingEcho;
import org.iomodels.examples.EchoExample;
import org.iomodels.examples.NonblockingEcho;
import org.iomodels.examples.SelectEcho;
import org.iomodels.examples.SelectorsEcho;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code iomodels example blocking-echo | nonblocking-echo | select-echo | selectors-echo}: the
 * seeds' four echo servers, one per I/O model, each run the same way: bind, print
 * {@code listening on HOST:PORT} on stdout, serve until SIGINT or SIGTERM (turned into a clean
 * stop by {@link Signals}), exit 0. A port in use is {@code cannot listen on 127.0.0.1:8088:
 * address already in use}, worded as {@code serve} words it.
 */
final class SeedEchoCommands {
    private SeedEchoCommands() {}

    /** The options and the run of every seed echo example; a subclass says which server to open. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", defaultValue = "8088", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
        int port;

        /** Opens (binds) the example's server; logging goes to stderr. */
        abstract EchoExample open(String host, int port) throws IOException;

        @Override
        public Integer call() throws Exception {
            Checks check = new Checks(spec);
            check.listenPort(port);
            check.host(host);
            try (EchoExample server = listen()) {
                Signals.onTerminate(server::stop);
                System.out.println("listening on " + server.address());
                System.out.flush();
                server.serve();
            }
            return 0;
        }

        private EchoExample listen() throws IOException {
            try {
                return open(host, port);
            } catch (IOException e) {
                throw AbstractServer.cannotListen(host, port, e);
            }
        }
    }

    @Command(name = "blocking-echo",
            mixinStandardHelpOptions = true,
            description = "Echo server on blocking accept/read, one client at a time: one slow client blocks all others.")
    static final class BlockingEchoCommand extends Base {
        @Override
        EchoExample open(String host, int port) throws IOException {
            return BlockingEcho.open(host, port, System.err);
        }
    }

    @Command(name = "nonblocking-echo",
            mixinStandardHelpOptions = true,
            description = "Echo server on O_NONBLOCK sockets, one thread polling them all and counting the EAGAINs.")
    static final class NonblockingEchoCommand extends Base {
        @Override
        EchoExample open(String host, int port) throws IOException {
            return NonblockingEcho.open(host, port, System.err);
        }
    }

    @Command(name = "select-echo",
            mixinStandardHelpOptions = true,
            description = "Echo server on select(2) through SelectSelector, the seeds' select server made correct.")
    static final class SelectEchoCommand extends Base {
        @Override
        EchoExample open(String host, int port) throws IOException {
            return SelectEcho.open(host, port, System.err);
        }
    }

    @Command(name = "selectors-echo",
            mixinStandardHelpOptions = true,
            description = "Echo server on DefaultSelector (epoll on Linux), the seeds' selectors program.")
    static final class SelectorsEchoCommand extends Base {
        @Override
        EchoExample open(String host, int port) throws IOException {
            return SelectorsEcho.open(host, port, System.err);
        }
    }
}
