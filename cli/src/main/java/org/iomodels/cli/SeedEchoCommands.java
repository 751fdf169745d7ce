package org.iomodels.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.iomodels.examples.BlockingEcho;
import org.iomodels.examples.EchoExample;
import org.iomodels.examples.NonblockingEcho;
import org.iomodels.examples.SelectEcho;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code iomodels example blocking-echo | nonblocking-echo | select-echo}: the seeds' three echo
 * servers, one per I/O model, each run the same way: bind, print {@code listening on HOST:PORT}
 * on stdout, serve until SIGINT or SIGTERM (turned into a clean stop by {@link Signals}), exit 0.
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
            if (port < 0 || port > 65535) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--port " + port + " is outside 0..65535");
            }
            try (EchoExample server = open(host, port)) {
                Signals.onTerminate(server::stop);
                System.out.println("listening on " + server.address());
                System.out.flush();
                server.serve();
            }
            return 0;
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
}
