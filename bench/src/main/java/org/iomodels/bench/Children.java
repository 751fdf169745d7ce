package org.iomodels.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bench's child processes (servers, loads, wrk) never outlive it, however it is stopped.
 *
 * <ul>
 *   <li>SIGTERM, SIGINT or an exit: a shutdown hook, installed with the first child, refuses new
 *       children, sends SIGTERM to every process descended from this JVM (a server prints its
 *       stats and exits), and SIGKILL to any still there a second later.</li>
 *   <li>SIGKILL of the bench, or a crash, runs no hook: each child is started through
 *       {@code setpriv --pdeathsig KILL} (util-linux), which sets {@code prctl(PR_SET_PDEATHSIG)}
 *       and execs the command, so the kernel kills the child when its parent dies. Without setpriv
 *       on PATH only the hook stands.</li>
 * </ul>
 *
 * <p>The kernel sends the death signal when the parent <em>thread</em> ends (prctl(2)): children
 * are started from the thread that runs the bench, which outlives them all.
 */
final class Children {
    private static final long GRACE_NANOS = 1_000_000_000L;
    private static final Object LOCK = new Object();
    private static boolean hooked;
    private static boolean stopping;
    private static List<String> deathSignal;

    private Children() {}

    /** Starts {@code builder}'s command as a child that dies with this JVM; refused once the JVM is stopping. */
    static Process start(ProcessBuilder builder) throws IOException {
        synchronized (LOCK) { // the hook takes it too: no child can start between its sweep and its flag
            builder.command(guard(builder.command()));
            return builder.start();
        }
    }

    /** {@code command} prefixed to die with this JVM; for a process another class starts. */
    static List<String> guard(List<String> command) throws IOException {
        synchronized (LOCK) {
            if (stopping) {
                throw new IOException("the bench is stopping: no new process");
            }
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(Children::endAll));
                hooked = true;
            }
            if (deathSignal == null) {
                deathSignal = probeSetpriv();
            }
            List<String> guarded = new ArrayList<>(deathSignal);
            guarded.addAll(command);
            return guarded;
        }
    }

    /** Whether the JVM is shutting down (its children are being ended). */
    static boolean stopping() {
        synchronized (LOCK) {
            return stopping;
        }
    }

    /**
     * For the bench's thread once the JVM is stopping: waits for the halt that follows the hooks,
     * so a bench cut short reports nothing (no table, no results file over a complete one).
     */
    static void awaitExit() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // the JVM is exiting all the same
            }
        }
    }

    /** The shutdown hook: SIGTERM to every descendant, SIGKILL after {@link #GRACE_NANOS} to any left. */
    private static void endAll() {
        synchronized (LOCK) {
            stopping = true;
        }
        List<ProcessHandle> all = ProcessHandle.current().descendants().toList();
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE_NANOS;
        for (ProcessHandle p : all) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // still running after the grace: killed below
            }
        }
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    }

    /** {@code setpriv --pdeathsig KILL --}, or nothing when setpriv is not on PATH or lacks the option (before util-linux 2.33). */
    private static List<String> probeSetpriv() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path setpriv = dir.isEmpty() ? null : Path.of(dir, "setpriv");
            if (setpriv != null && Files.isExecutable(setpriv)) {
                List<String> prefix = List.of(setpriv.toString(), "--pdeathsig", "KILL", "--");
                List<String> probe = new ArrayList<>(prefix);
                probe.add("true");
                try {
                    Process p = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                        return prefix;
                    }
                    p.destroyForcibly();
                } catch (IOException e) {
                    // not usable: the hook alone
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of();
            }
        }
        return List.of();
    }

    /** Whether children die with the bench even when it is killed with SIGKILL (setpriv is there). */
    static boolean diesWithParent() throws IOException {
        return !guard(List.of()).isEmpty();
    }
}
