package org.iomodels.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gevent's Group and Pool: a full pool blocks spawn; map, imap, imapUnordered, applyAsync, join, kill. */
class PoolTest {
    @Test
    void aFullPoolMakesSpawnWaitForRoom() throws Exception {
        OnThread.run(() -> {
            Pool pool = new Pool(2);
            List<String> log = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int id = i;
                pool.spawn(() -> {
                    Green.sleep(0.03);
                    log.add("done " + id);
                    return null;
                });
            }
            assertTrue(pool.full());
            assertEquals(0, pool.freeCount());
            pool.spawn(() -> log.add("third ran"));
            assertTrue(log.contains("done 0") && !log.contains("third ran"), "the third spawn waited until a member finished: " + log);
            pool.join();
            assertEquals(3, log.size());
            assertEquals(2, pool.freeCount());
            assertEquals(2, pool.waitAvailable(0));
        });
    }

    @Test
    void mapKeepsTheOrderAndImapUnorderedGivesResultsAsTheyCome() throws Exception {
        OnThread.run(() -> {
            Pool pool = new Pool(3);
            List<Integer> delays = List.of(30, 10, 20);
            assertEquals(List.of(60, 20, 40), pool.map(ms -> {
                Green.sleep(ms / 1000.0);
                return ms * 2;
            }, delays));
            List<Integer> unordered = new ArrayList<>();
            pool.imapUnordered(ms -> {
                Green.sleep(ms / 1000.0);
                return ms;
            }, delays).forEachRemaining(unordered::add);
            assertEquals(List.of(10, 20, 30), unordered);
            Iterator<Integer> lazy = new Group().imap(x -> x + 1, List.of(1, 2));
            assertEquals(2, lazy.next());
            assertEquals(3, lazy.next());
            assertFalse(lazy.hasNext());
            Iterator<Integer> failing = pool.imap(x -> {
                if (x == 2) {
                    throw new IllegalArgumentException("bad item 2");
                }
                return x;
            }, List.of(1, 2, 3));
            assertEquals(1, failing.next());
            assertThrows(IllegalArgumentException.class, failing::next);
            assertEquals(3, failing.next());
        });
    }

    @Test
    void applyAsyncCallsBackAndKillEndsTheGroup() throws Exception {
        OnThread.run(() -> {
            Group group = new Group();
            List<Integer> got = new ArrayList<>();
            group.applyAsync(() -> 7, got::add);
            assertEquals(5, group.apply(() -> 5));
            group.join();
            Green.sleep(0);
            assertEquals(List.of(7), got);
            for (int i = 0; i < 3; i++) {
                group.spawn(() -> {
                    Green.sleep(10);
                    return null;
                });
            }
            assertEquals(3, group.size());
            group.kill();
            assertEquals(0, group.size());
        });
    }
}
