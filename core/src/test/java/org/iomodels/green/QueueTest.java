package org.iomodels.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gevent's queues: blocking put/get with timeouts, Full/Empty, task tracking, orders, and Channel's rendezvous. */
class QueueTest {
    @Test
    void aBoundedQueueBlocksPutWhileFullAndGetWhileEmpty() throws Exception {
        OnThread.run(() -> {
            Queue<Integer> q = new Queue<>(2);
            List<String> log = new ArrayList<>();
            var producer = Green.spawn(() -> {
                for (int i = 0; i < 4; i++) {
                    q.put(i);
                    log.add("put " + i);
                }
            });
            Green.sleep(0.01);
            assertEquals(List.of("put 0", "put 1"), log, "the third put waits for room");
            assertTrue(q.full());
            assertEquals(0, q.get());
            assertEquals(1, q.get());
            assertEquals(2, q.get());
            assertEquals(3, q.get());
            producer.join();
            assertEquals(List.of("put 0", "put 1", "put 2", "put 3"), log);
            assertThrows(SimpleQueue.Empty.class, q::getNowait);
            assertThrows(SimpleQueue.Empty.class, () -> q.get(true, 0.01));
            q.put(9);
            q.put(10);
            assertThrows(SimpleQueue.Full.class, () -> q.put(11, false, 0));
            assertThrows(SimpleQueue.Full.class, () -> q.put(11, true, 0.01));
            assertEquals(9, q.peek(false, 0));
            assertEquals(2, q.qsize());
        });
    }

    @Test
    void joinWaitsUntilEveryItemIsMarkedDone() throws Exception {
        OnThread.run(() -> {
            Queue<String> q = new Queue<>();
            List<String> done = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                Green.spawn(() -> {
                    for (;;) {
                        String job = q.get();
                        Green.sleep(0.005);
                        done.add(job);
                        q.taskDone();
                    }
                });
            }
            for (int i = 0; i < 6; i++) {
                q.put("job " + i);
            }
            assertTrue(q.join(5));
            assertEquals(6, done.size());
            assertEquals(0, q.unfinishedTasks());
            assertThrows(IllegalStateException.class, q::taskDone, "more taskDone than items");
        });
    }

    @Test
    void lifoAndPriorityQueuesChangeTheOrderAndStillCountTasks() throws Exception {
        OnThread.run(() -> {
            LifoQueue<Integer> lifo = new LifoQueue<>();
            PriorityQueue<Integer> prio = new PriorityQueue<>(0, Comparator.reverseOrder());
            for (int i : new int[] {2, 9, 4}) {
                lifo.put(i);
                prio.put(i);
            }
            assertEquals(List.of(4, 9, 2), List.of(lifo.get(), lifo.get(), lifo.get()));
            assertEquals(List.of(9, 4, 2), List.of(prio.get(), prio.get(), prio.get()));
            assertEquals(3, prio.unfinishedTasks());
        });
    }

    @Test
    void aWokenGetterThatTimesOutPassesTheItemOnToTheNextGetter() throws Exception {
        OnThread.run(() -> {
            SimpleQueue<String> q = new SimpleQueue<>();
            List<String> got = new ArrayList<>();
            var a = Green.spawn(() -> {
                try {
                    got.add("a " + q.get(true, 0.05));
                } catch (SimpleQueue.Empty e) {
                    got.add("a timed out");
                }
            });
            var b = Green.spawn(() -> got.add("b " + q.get()));
            Green.sleep(0.01);
            a.kill(); // a was first in line: the item must reach b
            q.put("item");
            Green.joinAll(List.of(a, b), 5, false, 2);
            assertEquals(List.of("b item"), got);
        });
    }

    @Test
    void aChannelHandsEachItemStraightFromAPutterToAGetter() throws Exception {
        OnThread.run(() -> {
            Channel<String> ch = new Channel<>();
            List<String> log = new ArrayList<>();
            var putter = Green.spawn(() -> {
                ch.put("hello");
                log.add("put returned");
            });
            Green.sleep(0.01);
            assertEquals(List.of(), log, "put waits for a getter");
            assertEquals(1, ch.balance());
            assertEquals("hello", ch.get());
            putter.join();
            assertEquals(List.of("put returned"), log);
            assertThrows(SimpleQueue.Full.class, () -> ch.put("x", false, 0), "nobody is getting");
            assertThrows(SimpleQueue.Empty.class, () -> ch.get(true, 0.01));
            var getter = Green.spawn(() -> ch.get());
            Green.sleep(0.01);
            ch.put("to the getter");
            assertEquals("to the getter", getter.get());
            assertFalse(ch.balance() != 0);
        });
    }
}
