package org.iomodels.process.pool;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/** What the pool tests share: every pool made is terminated after its test, its workers gone. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a read blocked in the kernel ignores interrupts
abstract class PoolTests {
    private final List<Pool> pools = new ArrayList<>();

    Pool track(Pool p) {
        pools.add(p);
        return p;
    }

    Pool pool(int processes) throws Exception {
        return track(new Pool(processes));
    }

    @AfterEach
    final void noWorkerLeft() throws Exception {
        for (Pool p : pools) {
            p.terminate();
            assertTrue(p.join(20), "the workers ended");
        }
    }
}
