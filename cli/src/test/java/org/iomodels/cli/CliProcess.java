package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The command line as a separate JVM, as a user runs it: for stdin, exit codes and signals. */
public final class CliProcess {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private CliProcess() {}

    /** {@code java ... org.iomodels.cli.Main args}, on this test's class path. */
    public static ProcessBuilder builder(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    /** Reads the server's first stdout line, which must be exactly {@code listening on 127.0.0.1:P}; returns P. */
    public static int awaitListening(Process server) throws IOException {
        var stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = stdout.readLine();
        Matcher m = LISTENING.matcher(String.valueOf(line));
        assertTrue(m.matches(), "first stdout line must be exactly 'listening on 127.0.0.1:P', got: " + line);
        return Integer.parseInt(m.group(1));
    }

    /** Runs the command line in this JVM with {@code out} as its stdout and stderr discarded; returns the exit code. */
    public static int runInProcess(java.io.Writer out, String... args) {
        var cli = Main.newCommandLine();
        cli.setOut(new java.io.PrintWriter(out));
        cli.setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()));
        return cli.execute(args);
    }

    /** What an in-process run printed, and its exit code. */
    public record Result(int code, String out, String err) {}

    /** Runs the command line in this JVM, capturing stdout and stderr. */
    public static Result runCapturing(String... args) {
        var out = new java.io.StringWriter();
        var err = new java.io.StringWriter();
        var cli = Main.newCommandLine();
        cli.setOut(new java.io.PrintWriter(out));
        cli.setErr(new java.io.PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Sends {@code SIG<signal>} with kill(1). */
    public static void signal(Process process, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
    }

    /** Waits for the process to end; fails if it is still running after {@code seconds}. */
    public static int exitCode(Process process, int seconds) throws InterruptedException {
        assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), "still running after " + seconds + " s");
        return process.exitValue();
    }
}
