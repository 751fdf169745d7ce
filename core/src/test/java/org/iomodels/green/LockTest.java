package org.iomodels.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Semaphore (FIFO hand-off, timeouts), BoundedSemaphore's over-release, RLock's owner rules. */
class LockTest {
    @Test
    void aSemaphoreLetsAsManyInAsItHasPermitsInArrivalOrder() throws Exception {
        OnThread.run(() -> {
            Semaphore sem = new Semaphore(2);
            List<Integer> entered = new ArrayList<>();
            int[] inside = {0, 0}; // now, most
            List<GreenThread<Void>> gs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int id = i;
                gs.add(Green.spawn(() -> {
                    try (Semaphore.Held held = sem.acquired()) {
                        entered.add(id);
                        inside[1] = Math.max(inside[1], ++inside[0]);
                        Green.sleep(0.02);
                        inside[0]--;
                    }
                }));
            }
            Green.joinAll(gs);
            assertEquals(List.of(0, 1, 2, 3), entered, "first come, first served");
            assertEquals(2, inside[1], "never more inside than permits");
            assertEquals(2, sem.counter());
            Semaphore none = new Semaphore(0);
            assertFalse(none.acquire(false, 0));
            assertFalse(none.acquire(true, 0.01));
        });
    }

    @Test
    void aBoundedSemaphoreRefusesToBeReleasedTooOften() throws Exception {
        OnThread.run(() -> {
            BoundedSemaphore sem = new BoundedSemaphore(1);
            sem.acquire();
            sem.release();
            IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
            assertTrue(e.getMessage().contains("released too many times"), e.getMessage());
            new Semaphore(1).release(); // a plain one may grow
        });
    }

    @Test
    void anRLockIsReentrantForItsOwnerOnly() throws Exception {
        OnThread.run(() -> {
            RLock lock = new RLock();
            lock.acquire();
            lock.acquire();
            var other = Green.spawn(() -> lock.acquire(true, 0.01));
            assertFalse(other.get(), "another greenlet waits, and here times out");
            var thief = Green.spawn(lock::release);
            thief.join();
            assertTrue(thief.exception() instanceof IllegalStateException, "only the owner may release");
            lock.release();
            assertTrue(lock.locked());
            lock.release();
            assertFalse(lock.locked());
            assertTrue(Green.spawn(() -> lock.acquire(false, 0)).get());
        });
    }
}
