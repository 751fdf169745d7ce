package org.iomodels.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.iomodels.examples.SelectorsEcho;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code iomodels example NAME}: the seeds' programs, ported and runnable. */
@Command(name = "example",
        mixinStandardHelpOptions = true,
        description = "Run one of the examples ported from the seed tutorials (--list shows them).",
        subcommands = {SeedEchoCommands.BlockingEchoCommand.class, SeedEchoCommands.NonblockingEchoCommand.class,
                SeedEchoCommands.SelectEchoCommand.class, ExampleCommand.SelectorsEchoCommand.class})
final class ExampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--list", description = "List the examples, one line each.")
    boolean list;

    @Override
    public Integer call() {
        if (!list) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "missing an example name; 'iomodels example --list' lists them");
        }
        PrintWriter out = spec.commandLine().getOut();
        for (CommandLine sub : spec.commandLine().getSubcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            out.printf("%-16s %s%n", s.name(), String.join(" ", s.usageMessage().description()));
        }
        out.flush();
        return 0;
    }

    @Command(name = "selectors-echo",
            mixinStandardHelpOptions = true,
            description = "Echo server on DefaultSelector (epoll on Linux), the seeds' selectors program.")
    static final class SelectorsEchoCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", defaultValue = "8088", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
        int port;

        @Override
        public Integer call() throws Exception {
            if (port < 0 || port > 65535) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--port " + port + " is outside 0..65535");
            }
            try (SelectorsEcho server = SelectorsEcho.open(host, port, System.err)) {
                Signals.onTerminate(server::stop);
                System.out.println("listening on " + server.address());
                System.out.flush();
                server.serve();
            }
            return 0;
        }
    }
}
