package org.iomodels.process.manager;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iomodels.process.ChildProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/** What the manager tests share: managers and children started here are ended after each test, none left running. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class ManagerTests {
    private final List<Manager> managers = new ArrayList<>();
    private final List<ChildProcess> children = new ArrayList<>();

    Manager manager() throws IOException {
        return track(new Manager());
    }

    Manager track(Manager m) {
        managers.add(m);
        return m;
    }

    ChildProcess started(ChildProcess p) throws IOException {
        children.add(p.daemon(true));
        p.start();
        return p;
    }

    /** Waits for a started child and checks it succeeded. */
    static void joined(ChildProcess p) throws Exception {
        assertTrue(p.join(60), p + " did not end");
        if (p.exitCode() != 0) {
            throw new AssertionError(p + " failed", p.exception());
        }
    }

    @AfterEach
    final void nothingLeft() throws Exception {
        for (ChildProcess p : children) {
            if (p.isAlive()) {
                p.kill();
            }
            assertTrue(p.join(10), p + " still running");
        }
        for (Manager m : managers) {
            long pid = m.pid();
            m.close();
            if (pid > 0) {
                assertTrue(ProcessHandle.of(pid).map(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).isDone() || !h.isAlive()).orElse(true)
                        || waitGone(pid), "manager " + pid + " still running");
            }
        }
    }

    private static boolean waitGone(long pid) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return false;
            }
        }
        return false;
    }
}
