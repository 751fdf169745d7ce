package org.iomodels.process;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/** What the tests across child JVMs share: children started as daemons, and none left running after a test. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a read blocked in the kernel ignores interrupts: fail, not hang
abstract class ChildTests {
    final List<ChildProcess> children = new ArrayList<>();

    ChildProcess started(ChildProcess p) throws IOException {
        children.add(p.daemon(true));
        p.start();
        return p;
    }

    @AfterEach
    final void noChildLeft() throws Exception {
        for (ChildProcess p : children) {
            if (p.isAlive()) {
                p.kill();
            }
            assertTrue(p.join(10), p + " still running");
        }
    }
}
