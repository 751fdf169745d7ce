package org.iomodels.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.iomodels.bench.BenchConfig.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory scenario samples a server that holds every connection: a thread-per-connection
 * server that accepts slowly is waited for, and one that never gets there fails the run, saying so.
 */
@Timeout(120)
class MemoryScenarioTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    /** A memory bench of {@link TestCli}'s slow acceptor: one connection every {@code delayMs}, a thread each. */
    static BenchConfig slowAcceptor(Path out, int conns, long delayMs) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new BenchConfig(List.of("blocking"), Scenario.MEMORY, List.of(conns), 16, 1, 0.5, 0, 1, 1, 1, "blocking", out,
                List.of(java, "-Dtestcli.acceptDelayMs=" + delayMs, "--enable-native-access=ALL-UNNAMED", "-cp",
                        System.getProperty("java.class.path")), TestCli.class.getName());
    }

    @Test
    void aSlowAcceptorIsSampledOnlyOnceItHoldsEveryConnection(@TempDir Path out) throws Exception {
        // 100 connections at one per 5 ms: half a second or more of accepting after the load has them all, no warm-up.
        List<RunResult> results = new BenchRunner(slowAcceptor(out, 100, 5), QUIET).run();
        RunResult r = results.getFirst();
        assertTrue(r.ran(), r.skip());
        assertTrue(r.threads() >= 100, "a thread per connection, all started: " + r.threads());
        assertTrue(!Double.isNaN(r.rssPerConn()) && !Double.isNaN(r.heapPerConn()), r.toString());
    }

    @Test
    void aServerThatNeverHoldsThemAllFailsTheRunWithTheReason(@TempDir Path out) throws Exception {
        List<RunResult> results = new BenchRunner(slowAcceptor(out, 20, 600_000), QUIET).run();
        RunResult r = results.getFirst();
        assertTrue(r.skip().startsWith("failed: the server had accepted 1 of 20 connections 2."), r.skip());
        assertTrue(r.skip().contains("memory not sampled"), r.skip());
    }
}
