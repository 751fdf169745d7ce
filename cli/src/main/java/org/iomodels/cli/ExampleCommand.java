package org.iomodels.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
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
                SeedEchoCommands.SelectEchoCommand.class, SeedEchoCommands.SelectorsEchoCommand.class,
                GreenExampleCommands.GeventSleepCommand.class, GreenExampleCommands.GreenletSwitchCommand.class,
                GreenExampleCommands.MessageLoopCommand.class, GreenExampleCommands.GeventEchoCommand.class,
                GreenExampleCommands.GeventBlockingCommand.class, CrawlExampleCommand.class,
                ProcessExampleCommands.MpQueueCommand.class, ProcessExampleCommands.MpPipeCommand.class, ProcessExampleCommands.MpLockCommand.class,
                ProcessExampleCommands.MpManagerCommand.class,
                ProcessExampleCommands.MpPoolCommand.class, ProcessExampleCommands.MpMapCommand.class, ProcessExampleCommands.MpPoolCrashCommand.class,
                ProcessExampleCommands.PreforkCommand.class})
final class ExampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--list", description = "List the examples, one line each.")
    boolean list;

    @Override
    public Integer call() {
        if (!list) {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing an example name; valid examples: "
                    + String.join(", ", spec.subcommands().keySet()) + " ('iomodels example --list' describes them)");
        }
        PrintWriter out = spec.commandLine().getOut();
        for (CommandLine sub : spec.commandLine().getSubcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            out.printf("%-16s %s%n", s.name(), String.join(" ", s.usageMessage().description()));
        }
        out.flush();
        return 0;
    }
}
