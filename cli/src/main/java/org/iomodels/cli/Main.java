package org.iomodels.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ./iomodels} command line. Exit codes: 0 success, 1 a runtime failure (one line on
 * stderr saying what failed), 2 a usage error (one line saying what was wrong).
 */
@Command(name = "iomodels",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Every Unix I/O model as a real server engine behind one API, measured side by side.",
        subcommands = {TourCommand.class, ServeCommand.class, LoadCommand.class, BenchCommand.class, CrawlCommand.class, ExplainCommand.class, ReportCommand.class, ModelsCommand.class,
                ClientCommand.class,
                ExampleCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((ex, ignored) -> {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            String name = cmd.getCommandSpec().qualifiedName();
            err.println(name + ": " + reason(ex) + " (see '" + name + " --help')");
            err.flush();
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + describe(ex));
            if (System.getenv("IOMODELS_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cli;
    }

    /**
     * A usage error in words: picocli's own, except for a stray word, which picocli calls
     * "Unmatched argument at index 1": where a subcommand was expected that is
     * {@code unknown example 'nope'; valid examples: blocking-echo, ...}, elsewhere
     * {@code unexpected argument 'nope'}.
     */
    private static String reason(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().getFirst().startsWith("-")) {
            String word = u.getUnmatched().getFirst();
            CommandLine cmd = u.getCommandLine();
            List<String> subcommands = cmd.getSubcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
            if (subcommands.isEmpty()) {
                return "unexpected argument '" + word + "'";
            }
            String noun = cmd.getParent() == null ? "command" : cmd.getCommandName();
            return "unknown " + noun + " '" + word + "'; valid " + noun + "s: " + String.join(", ", subcommands);
        }
        return ex.getMessage();
    }

    private static String describe(Throwable ex) {
        String message = ex.getMessage();
        return message == null ? ex.getClass().getSimpleName() : message;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing a command");
    }

    /** {@code iomodels 0.1.0 (Java 25.0.1, Linux 6.12 amd64)}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"iomodels " + (version == null ? "(development build)" : version)
                    + " (Java " + Runtime.version() + ", " + System.getProperty("os.name") + " "
                    + System.getProperty("os.version") + " " + System.getProperty("os.arch") + ")"};
        }
    }
}
