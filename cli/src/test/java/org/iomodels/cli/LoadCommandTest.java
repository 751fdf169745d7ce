package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.iomodels.protocol.Echo;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.iomodels.engine.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code iomodels load} as a user runs it: a verdict in the exit code, numbers on stdout. */
@Timeout(60)
class LoadCommandTest {
    @Test
    void drivesAnEngineAndReportsJson(@TempDir Path dir) throws Exception {
        try (Server server = Engines.open(IoModel.POLL, ServerConfig.defaults().withPort(0), new Echo()).start()) {
            StringWriter out = new StringWriter();
            Path log = dir.resolve("latency.hlog");
            int code = CliProcess.runInProcess(out, "load", "--port", Integer.toString(server.address().getPort()),
                    "--conns", "10", "--size", "1000", "--pipeline", "3", "--duration", "0.5", "--warmup", "0.2",
                    "--json", "--histogram-log", log.toString());
            assertEquals(0, code, out.toString());
            String json = out.toString().trim();
            assertTrue(json.startsWith("{\"host\":\"127.0.0.1\"") && json.endsWith("}"), json);
            assertTrue(json.contains("\"conns\":10,") && json.contains("\"pipeline\":3,"), json);
            assertTrue(json.contains("\"latency_us\":{\"p50\":"), json);
            assertTrue(json.contains("\"errors\":{\"total\":0"), json);
            String hlog = Files.readString(log);
            assertTrue(hlog.contains("#[Histogram log format version") && hlog.contains("#[StartTime:"), hlog);
            assertTrue(hlog.lines().anyMatch(l -> l.startsWith("0.000,0.500,")), hlog); // one interval, the measured half second
        }
    }

    @Test
    void textOutputNamesThePercentiles() throws Exception {
        try (Server server = Engines.open(IoModel.EPOLL, ServerConfig.defaults().withPort(0), new Echo()).start()) {
            StringWriter out = new StringWriter();
            int code = CliProcess.runInProcess(out, "load", "--port", Integer.toString(server.address().getPort()),
                    "--conns", "4", "--idle", "4", "--rate", "2000", "--duration", "0.5", "--warmup", "0");
            assertEquals(0, code, out.toString());
            assertTrue(out.toString().contains("open loop at 2000 msgs/s"), out.toString());
            assertTrue(out.toString().contains("p99.99 "), out.toString());
        }
    }

    @Test
    void aRefusedServerExitsOne() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StringWriter out = new StringWriter();
        assertEquals(1, CliProcess.runInProcess(out, "load", "--port", Integer.toString(port), "--conns", "2",
                "--duration", "0.2", "--warmup", "0"));
        assertTrue(out.toString().contains("ECONNREFUSED"), out.toString());
    }

    @Test
    void badSettingsExitTwo() {
        StringWriter out = new StringWriter();
        assertEquals(2, CliProcess.runInProcess(out, "load", "--port", "1", "--size", "0"));
        assertEquals(2, CliProcess.runInProcess(out, "load", "--port", "1", "--conns", "20000"));
        assertEquals(2, CliProcess.runInProcess(out, "load", "--conns", "1"));
    }
}
