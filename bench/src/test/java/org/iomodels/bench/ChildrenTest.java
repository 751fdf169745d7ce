package org.iomodels.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * However the bench is stopped, its server and load processes go with it (issue 11: a bench
 * killed with SIGTERM left its server listening, adopted by init). The bench runs in a JVM of its
 * own ({@link BenchInAProcess}), is signalled mid-run, and every process it had started must be
 * gone within 2 s.
 */
@Timeout(120)
class ChildrenTest {
    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT", "KILL"})
    void aStoppedBenchLeavesNoChildBehind(String signal, @TempDir Path out) throws Exception {
        if (signal.equals("INT")) {
            // A shell starting a job in the background ignores SIGINT for it, and the JVMs below inherit that.
            assumeFalse(ignored(2), "SIGINT is ignored in this test JVM (a background job), so the bench would ignore it too");
        }
        if (signal.equals("KILL")) {
            assumeTrue(Children.diesWithParent(), "setpriv (util-linux) is not on PATH: nothing outlives SIGKILL's lack of a hook");
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process bench = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                BenchInAProcess.class.getName(), out.toString()).redirectErrorStream(true).redirectOutput(out.resolve("bench.log").toFile())
                .start();
        List<ProcessHandle> children = new ArrayList<>();
        try {
            children.addAll(awaitServerAndLoad(bench, out));
            new ProcessBuilder("kill", "-" + signal, Long.toString(bench.pid())).start().waitFor();
            long deadline = System.nanoTime() + 2_000_000_000L;
            for (ProcessHandle child : children) {
                while (running(child) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertFalse(running(child), "still running 2 s after SIG" + signal + " to the bench: " + what(child));
            }
            assertTrue(bench.waitFor(10, TimeUnit.SECONDS), "the bench itself did not exit");
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
            bench.descendants().forEach(ProcessHandle::destroyForcibly);
            bench.destroyForcibly();
        }
    }

    /** The bench's server and load, once both run: the load starts only after the server said it listens. */
    private static List<ProcessHandle> awaitServerAndLoad(Process bench, Path out) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && bench.isAlive()) {
            List<ProcessHandle> ours = bench.descendants().filter(p -> args(p).contains(TestCli.class.getName())).toList();
            if (ours.stream().anyMatch(p -> args(p).contains(" serve ")) && ours.stream().anyMatch(p -> args(p).contains(" load "))) {
                return ours;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the bench did not start a server and a load: " + Files.readString(out.resolve("bench.log")));
    }

    /**
     * Alive and not a zombie: an orphan that died waits for init to reap it, holding no socket and
     * no memory, and init may take its time.
     */
    private static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false; // gone between the two looks
        }
    }

    /** {@code PID org.iomodels.bench.TestCli serve ...}: the command line without the JVM and its class path. */
    private static String what(ProcessHandle p) {
        String line = args(p);
        return p.pid() + " " + line.substring(Math.max(0, line.indexOf(TestCli.class.getName())));
    }

    private static String args(ProcessHandle p) {
        return p.info().commandLine().orElse("");
    }

    /** Whether signal {@code n} is ignored by this process (SigIgn in /proc/self/status, proc(5)). */
    private static boolean ignored(int n) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (n - 1))) != 0;
            }
        }
        return false;
    }
}
