package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ./iomodels explain} as a user runs it: the table, the figure, the reading; --json; --all; bad usage. */
@Timeout(180)
class ExplainCommandTest {
    @Test
    void oneModelPrintsItsCallsItsFigureAndWhatItMeans() {
        CliProcess.Result r = CliProcess.runCapturing("explain", "--model", "io_uring", "--size", "100", "--messages", "2");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("explain io_uring: 2 messages of 100 bytes, echoed; times in µs from the client's first send; calls from the engine's tracing probe"), out);
        assertTrue(out.matches("(?s).*msg\\s+call\\s+fd\\s+result\\s+start_us\\s+us\\s+phase\\s+thread.*"), out);
        assertTrue(out.matches("(?s).*\\n\\s+1\\s+recv\\s+\\d+\\s+100\\s.*copy\\s+kernel\\n.*"), "the kernel's receive of 100 bytes: " + out);
        assertTrue(out.contains("application (io_uring)"), out);
        assertTrue(out.contains("received 100 bytes into our buffer: phases 1 and 2 done"), out);
        assertTrue(out.contains("Asynchronous I/O completes both phases in the kernel"), out);
        assertTrue(out.matches("(?s).*Each message cost \\d+(\\.\\d)? syscalls and \\d+(\\.\\d)? thread wake-ups.*"), out);
    }

    @Test
    void jsonIsTheTraceAsDataAndAllIsOneRowPerModel() {
        CliProcess.Result r = CliProcess.runCapturing("explain", "--model", "nonblocking", "--json");
        assertEquals(0, r.code(), r.err());
        String json = r.out().strip();
        assertEquals(1, json.lines().count(), json);
        assertTrue(json.startsWith("{\"model\":\"nonblocking\",\"size\":64,\"messages\":1,\"source\":\"iomodels probe\",\"dropped\":0,\"steps\":[{\"call\":"), json);
        assertTrue(json.contains("\"result\":\"EAGAIN\""), json);
        assertTrue(json.matches(".*\"figures\":\\{\"model\":\"nonblocking\",\"calls_per_message\":[0-9.]+,\"wait_us\":[0-9.]+,.*"), json);
        CliProcess.Result all = CliProcess.runCapturing("explain", "--all");
        assertEquals(0, all.code(), all.err());
        for (String m : org.iomodels.server.IoModel.names()) {
            assertTrue(all.out().lines().anyMatch(l -> l.startsWith(m + " ")), m + " has a row: " + all.out());
        }
        assertTrue(all.out().lines().anyMatch(l -> l.matches("io_uring\\s+[0-9.]+\\s+[0-9.]+\\s+0\\.0\\s.*the kernel")), all.out());
    }

    @Test
    void theJdksModelsAreTheCallsStraceSaw() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/strace")),
                "strace is not installed (apt-get install strace; .ci/run does)");
        CliProcess.Result r = CliProcess.runCapturing("explain", "--model", "jdk-nio", "--messages", "2");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("; calls from strace -f of the server (the JDK's own)"), out);
        assertTrue(out.matches("(?s).*\\n\\s+1\\s+epoll_wait\\s+\\d+\\s+1\\s.*"), "the JDK's selector, on its epoll fd: " + out);
        assertTrue(out.matches("(?s).*\\n\\s+1\\s+read\\s+\\d+\\s+64\\s.*copy.*"), "the JDK's read, on the connection's fd: " + out);
        assertTrue(out.contains("These are the calls the kernel saw from the JDK's own code"), out);
    }

    @Test
    void badUsageIsExitTwoNamingWhatWasWrong() {
        assertUsage("give --model M (iomodels models lists them) or --all", "explain");
        assertUsage("give --model or --all, not both", "explain", "--all", "--model", "epoll");
        assertUsage("--protocol http: explain traces an echo exchange only; valid: echo", "explain", "--model", "epoll", "--protocol", "http");
        assertUsage("--size 0 is outside 1..1048576", "explain", "--model", "epoll", "--size", "0");
        assertUsage("--messages 1001 is outside 1..1000", "explain", "--model", "epoll", "--messages", "1001");
    }

    private static void assertUsage(String message, String... args) {
        CliProcess.Result r = CliProcess.runCapturing(args);
        assertEquals(2, r.code(), r.err());
        assertEquals("iomodels explain: " + message + " (see 'iomodels explain --help')", r.err().strip());
    }
}
