package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iomodels.server.IoModel;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Thousands of busy connections, each with a 4 KiB message in flight, every byte checked by
 * {@code load}: the load that once stalled {@code io_uring} for good (issue 11), beside
 * {@code epoll}. 5,000 connections here; {@code ./mvnw test -Psoak} runs 19,000.
 */
@Timeout(300)
class ServeBusyTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) \\(model (\\S+)\\)");
    private static final Pattern RESULT = Pattern.compile("(?s).*msgs/s\\s+([\\d,]+).*errors\\s+(\\d+).*");
    private static final int CONNECTIONS = Integer.getInteger("iomodels.busy.connections", 5_000);

    @ParameterizedTest
    @EnumSource(value = IoModel.class, names = {"IO_URING", "EPOLL"})
    void thousandsOfBusyConnectionsAreEchoedByteExact(IoModel model) throws Exception {
        Process server = CliProcess.builder("serve", "--model", model.cliName(), "--port", "0",
                "--max-connections", Integer.toString(CONNECTIONS + 10)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            var stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            Matcher m = LISTENING.matcher(String.valueOf(stdout.readLine()));
            assertTrue(m.matches());
            Process load = CliProcess.builder("load", "--port", m.group(1), "--conns", Integer.toString(CONNECTIONS),
                    "--size", "4096", "--duration", "4", "--warmup", "1").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out;
            try {
                out = new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(load.waitFor(120, TimeUnit.SECONDS), "load did not finish");
            } finally {
                load.destroyForcibly();
            }
            Matcher r = RESULT.matcher(out);
            assertTrue(r.matches(), out);
            System.out.println(model + ": " + r.group(1) + " msgs/s with " + CONNECTIONS + " busy connections");
            assertEquals("0", r.group(2), "load errors:\n" + out);
            assertEquals(0, load.exitValue(), out);
            assertTrue(Long.parseLong(r.group(1).replace(",", "")) > 0, out);
            CliProcess.signal(server, "TERM");
            assertEquals(0, CliProcess.exitCode(server, 10));
        } finally {
            server.destroyForcibly();
        }
    }
}
