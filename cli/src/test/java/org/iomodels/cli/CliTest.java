package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The command line as a user meets it: exit codes, one-line errors, and a real server process. */
@Timeout(60)
class CliTest {
    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void versionAndHelpExitZero() {
        Result version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("iomodels "), version.out());
        Result help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("example"), help.out());
        assertEquals(0, run("example", "selectors-echo", "--help").code());
    }

    @Test
    void usageErrorsExitTwoWithOneLineReason() {
        for (String[] args : List.of(new String[] {}, new String[] {"no-such-command"}, new String[] {"example"},
                new String[] {"example", "no-such-example"}, new String[] {"example", "selectors-echo", "--port", "x"},
                new String[] {"example", "selectors-echo", "--port", "70000"})) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err());
            assertEquals(1, r.err().lines().count(), "one line, got: " + r.err());
            assertTrue(r.err().startsWith("iomodels"), r.err());
        }
    }

    @Test
    void exampleListNamesEveryExample() {
        Result r = run("example", "--list");
        assertEquals(0, r.code());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("selectors-echo ")), r.out());
    }

    @Test
    void selectorsEchoProcessServesThenStopsWithExitZeroOnSigterm() throws Exception {
        stopsCleanlyOn("TERM");
    }

    @Test
    void selectorsEchoProcessStopsWithExitZeroOnSigint() throws Exception {
        // A process started with SIGINT ignored (a background job of a non-interactive shell)
        // passes that on to its children, and the JVM rightly leaves an ignored SIGINT alone.
        Assumptions.assumeFalse(sigintIgnoredHere(), "SIGINT is ignored in this process, so in its children too");
        stopsCleanlyOn("INT");
    }

    private static void stopsCleanlyOn(String signal) throws Exception {
        Process server = new ProcessBuilder(javaCommand("example", "selectors-echo", "--port", "0"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            var stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = stdout.readLine();
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(String.valueOf(line));
            assertTrue(m.matches(), "first stdout line must be exactly 'listening on 127.0.0.1:P', got: " + line);
            try (Socket client = new Socket("127.0.0.1", Integer.parseInt(m.group(1)))) {
                client.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                byte[] back = client.getInputStream().readNBytes(6);
                assertEquals("hello\n", new String(back, StandardCharsets.US_ASCII));
            }
            new ProcessBuilder("kill", "-" + signal, Long.toString(server.pid())).start().waitFor();
            assertTrue(server.waitFor(5, TimeUnit.SECONDS), "still running 5 s after SIG" + signal);
            assertEquals(0, server.exitValue(), "exit status after SIG" + signal);
        } finally {
            server.destroyForcibly();
        }
    }

    private static List<String> javaCommand(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var cmd = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static boolean sigintIgnoredHere() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                return (mask & (1L << (2 - 1))) != 0; // SIGINT is signal 2
            }
        }
        return false;
    }
}
