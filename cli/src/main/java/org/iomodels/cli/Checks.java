package org.iomodels.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.iomodels.load.LoadConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The one place the command line checks its options, so that the same mistake gets the same
 * message in every command, naming the option and its value as the user typed them:
 * {@code --port 99999 is outside 0..65535}. Every failure is a usage error (exit 2). Commands run
 * these checks first, before any work starts, so the core's own checks ({@code ServerConfig},
 * {@code HttpConfig}), which speak Java names to API users, are never what a CLI user reads.
 *
 * <p>A port is 0..65535 everywhere; 0 means "pick a free one", which only a command that listens
 * can do, so a command that connects refuses it with its own message.
 */
final class Checks {
    /** The longest time any option takes: a billion seconds, well inside {@code Duration}. */
    private static final double MAX_SECONDS = 1e9;

    private final CommandSpec spec;

    Checks(CommandSpec spec) {
        this.spec = spec;
    }

    /** A usage error (exit 2) saying {@code message}. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    void require(boolean ok, String message) {
        if (!ok) {
            throw usage(message);
        }
    }

    /** Whether the user gave {@code option} on the command line (rather than its default applying). */
    boolean given(String option) {
        var parsed = spec.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption(option);
    }

    /** {@code option}'s value as typed ({@code 0}, not {@code 0.0}); {@code value} when not typed, or one of a list. */
    String typed(String option, Object value) {
        var parsed = spec.commandLine().getParseResult();
        OptionSpec matched = parsed == null ? null : parsed.matchedOption(option);
        if (matched != null && !matched.isMultiValue() && !matched.originalStringValues().isEmpty()) {
            return matched.originalStringValues().getLast();
        }
        return value instanceof Double d && Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()
                : String.valueOf(value);
    }

    /** {@code --loops 0 is outside 1..256}; {@code unit} (may be empty) follows the range. */
    long range(String option, long value, long min, long max, String unit) {
        require(value >= min && value <= max, option + " " + typed(option, value) + " is outside " + min + ".." + max
                + (unit.isEmpty() ? "" : " " + unit));
        return value;
    }

    int range(String option, int value, int min, int max) {
        return (int) range(option, value, min, max, "");
    }

    /** {@code --repeat 0 is less than 1}. */
    int atLeast(String option, int value, int min) {
        require(value >= min, option + " " + typed(option, value) + " is less than " + min);
        return value;
    }

    /** A time that must pass: {@code --duration 0 is not a positive number of seconds}. */
    double positiveSeconds(String option, double seconds) {
        require(seconds > 0, option + " " + typed(option, seconds) + " is not a positive number of seconds");
        return notTooLong(option, seconds);
    }

    /** A time that may be none: {@code --warmup -1 is a negative number of seconds}. */
    double seconds(String option, double seconds) {
        require(seconds >= 0, option + " " + typed(option, seconds) + " is a negative number of seconds");
        return notTooLong(option, seconds);
    }

    private double notTooLong(String option, double seconds) {
        require(seconds <= MAX_SECONDS, option + " " + typed(option, seconds) + " is more than "
                + (long) MAX_SECONDS + " seconds");
        return seconds;
    }

    /** A port to listen on: 0..65535, 0 picking a free one. */
    int listenPort(int port) {
        return range("--port", port, 0, 65535);
    }

    /** A port to connect to: 0..65535 as everywhere, and not 0, which only a listener can pick. */
    int connectPort(int port) {
        listenPort(port);
        require(port != 0, "--port 0 picks a free port only where a server listens; give the port the server listens on");
        return port;
    }

    /** The address {@code --host} names: {@code --host nosuch.invalid: unknown host}. */
    InetAddress host(String host) {
        require(!host.isBlank(), "--host is empty"); // getByName("") would be the loopback address
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw usage("--host " + host + ": unknown host");
        }
    }

    /** {@code --model epol: unknown model; valid models: a, b} ({@code noun}, "model" here, takes a plain "s"). */
    String oneOf(String option, String value, List<String> valid, String noun) {
        require(valid.contains(value), option + " " + value + ": unknown " + noun + "; valid " + noun + "s: "
                + String.join(", ", valid));
        return value;
    }

    /**
     * The names of a comma-separated list, each from {@code valid} and each once: every unknown
     * one is named at once ({@code --models epol,pol: unknown models epol, pol; valid models: ...}),
     * a repeated one refused ({@code --models epoll,epoll: epoll is given twice}).
     */
    List<String> distinctOf(String option, String typed, List<String> names, List<String> valid, String noun) {
        // A bench target's variants (epoll:p2, netty-epoll:l4) name the same model or peer: the part before the colon is checked here.
        List<String> unknown = names.stream().filter(n -> !valid.contains(n.split(":")[0])).distinct().toList();
        require(unknown.isEmpty(), option + " " + typed + ": unknown " + noun + (unknown.size() == 1 ? " " : "s ")
                + String.join(", ", unknown) + "; valid " + noun + "s: " + String.join(", ", valid));
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            require(seen.add(n), option + " " + typed + ": " + n + " is given twice");
        }
        return names;
    }

    /** Message sizes of the load generator: {@code --size 0 is outside 1..1048576 bytes}. */
    int size(int bytes) {
        return (int) range("--size", bytes, 1, LoadConfig.MAX_SIZE, "bytes");
    }

    /** Messages in flight per connection: {@code --pipeline 0 is outside 1..1024}. */
    int pipeline(int pipeline) {
        return range("--pipeline", pipeline, 1, 1024);
    }

    /** Event-loop threads of a server, as {@code ServerConfig} allows: {@code --loops 0 is outside 1..256}. */
    int loops(int loops) {
        return range("--loops", loops, 1, 256);
    }

    /**
     * A file the command will write at the end of its run, checked now, before any work: its
     * directory exists and takes a new file, and the file, if there, is a writable regular file.
     */
    Path writableFile(String option, Path file) {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        require(Files.isDirectory(dir), option + " " + file + ": cannot write there: "
                + (Files.exists(dir) ? dir + " is not a directory" : "no such directory " + dir));
        try {
            if (Files.exists(absolute)) {
                require(Files.isRegularFile(absolute), option + " " + file + ": cannot write there: "
                        + (Files.isDirectory(absolute) ? "it is a directory" : "not a regular file"));
                require(Files.isWritable(absolute), option + " " + file + ": cannot write there: permission denied");
            } else {
                Files.delete(Files.createFile(absolute)); // it is written in full at the end of the run
            }
            return file;
        } catch (IOException e) {
            throw usage(option + " " + file + ": cannot write there: " + reason(e));
        }
    }

    /** A directory the command will write into: made now if missing, and shown to take a new file. */
    Path writableDirectory(String option, Path dir) {
        Path absolute = dir.toAbsolutePath();
        notUnderAFile(option, dir, absolute);
        try {
            Files.createDirectories(absolute);
            Files.delete(Files.createTempFile(absolute, ".iomodels-write-check", ""));
            return dir;
        } catch (IOException e) {
            throw usage(option + " " + dir + ": cannot write there: " + reason(e));
        }
    }

    /** Refuses a path whose nearest existing ancestor (or itself) is not a directory. */
    private void notUnderAFile(String option, Path typed, Path dir) { // mkdir -p would fail on it
        Path existing = dir;
        while (!Files.exists(existing)) {
            existing = existing.getParent(); // "/" exists, so this ends
        }
        require(Files.isDirectory(existing), option + " " + typed + ": cannot write there: " + existing + " is not a directory");
    }

    /** What went wrong, in words, without the path the message already names. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        String why = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
        return why.isEmpty() ? why : Character.toLowerCase(why.charAt(0)) + why.substring(1);
    }
}
