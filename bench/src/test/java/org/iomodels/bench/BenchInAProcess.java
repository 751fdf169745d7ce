package org.iomodels.bench;

import java.nio.file.Path;
import java.util.List;
import org.iomodels.bench.BenchConfig.Scenario;

/**
 * A bench in a JVM of its own, for tests that stop it from outside: {@code java -cp ...
 * BenchInAProcess OUT} measures the epoll engine (through {@link TestCli}) at 2 connections for a
 * minute, so it is surely mid-run when the test signals it.
 */
public final class BenchInAProcess {
    private BenchInAProcess() {}

    public static void main(String[] args) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        BenchConfig config = new BenchConfig(List.of("epoll"), Scenario.ECHO, List.of(2), 16, 1, 60, 0, 1, 1, 1, "epoll",
                Path.of(args[0]), List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path")),
                TestCli.class.getName());
        new BenchRunner(config, System.err).run();
    }
}
