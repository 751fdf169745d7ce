package org.iomodels.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;


import org.junit.jupiter.api.Test;


/** Queue, JoinableQueue and Lock across real child JVMs: nothing lost or doubled, timeouts, a dead lock holder. */
class QueueTest extends ChildTests {

    @Test
    void manyProducersAndConsumersLoseAndDoubleNothing() throws Exception {
        int producers = 3;
        int consumers = 2;
        int each = 3000;
        Queue work = new Queue(50); // bounded: producers wait for room
        Queue results = new Queue();
        for (int p = 0; p < producers; p++) {
            int base = p * 1_000_000;
            started(new ChildProcess((Queue q) -> {
                for (int i = 0; i < each; i++) {
                    q.put(base + i);
                }
            }, work));
        }
        for (int c = 0; c < consumers; c++) {
            started(new ChildProcess((Queue in, Queue out) -> {
                List<Integer> got = new ArrayList<>();
                for (Object o; !((o = in.get()) instanceof String); ) {
                    got.add((Integer) o);
                }
                out.put(new ArrayList<>(got));
            }, work, results));
        }
        for (int p = 0; p < producers; p++) {
            children.get(p).join();
            assertEquals(0, children.get(p).exitCode());
        }
        for (int c = 0; c < consumers; c++) {
            work.put("done");
        }
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            @SuppressWarnings("unchecked")
            List<Integer> part = (List<Integer>) results.get(true, 30);
            all.addAll(part);
        }
        all.sort(null);
        List<Integer> expected = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            for (int i = 0; i < each; i++) {
                expected.add(p * 1_000_000 + i);
            }
        }
        assertEquals(expected, all, "every item exactly once");
    }

    @Test
    void fullAndEmptyWithTimeoutsAndItemsTooLargeForTheRing() throws Exception {
        Queue q = new Queue(2, 1024);
        q.put("a");
        q.put(new byte[] {1, 2, 3});
        assertTrue(q.full());
        long t0 = System.nanoTime();
        assertThrows(Queue.Full.class, () -> q.put("c", true, 0.2));
        assertTrue(System.nanoTime() - t0 >= 190_000_000L, "waited the timeout");
        assertThrows(Queue.Full.class, () -> q.putNowait("c"));
        assertEquals("a", q.get());
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) q.getNowait(), "bytes cross as they are");
        assertThrows(Queue.Empty.class, () -> q.get(true, 0.1));
        assertThrows(Queue.Empty.class, q::getNowait);
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> q.put(new byte[2000]));
        assertTrue(big.getMessage().contains("2000 bytes is larger than the queue's ring of 1024"), big.getMessage());
        for (int round = 0; round < 300; round++) { // the ring wraps many times
            q.put("x".repeat(round % 200));
            assertEquals("x".repeat(round % 200), q.get());
        }
        assertEquals(0, q.qsize());
    }

    @Test
    void aChildThatPutsAndExitsIsJoinedBeforeItsItemsAreTakenWithNoDeadlock() throws Exception {
        Queue q = new Queue();
        ChildProcess p = started(new ChildProcess((Queue out) -> {
            for (int i = 0; i < 1000; i++) {
                out.put(new byte[1024]);
            }
        }, q));
        p.join(); // Python's documented deadlock: its feeder thread would still hold the data
        assertEquals(0, p.exitCode());
        assertEquals(1000, q.qsize());
        for (int i = 0; i < 1000; i++) {
            assertEquals(1024, ((byte[]) q.get()).length);
        }
    }

    @Test
    void joinableQueueJoinWaitsForEveryTaskDone() throws Exception {
        JoinableQueue q = new JoinableQueue();
        for (int i = 0; i < 20; i++) {
            q.put(i);
        }
        assertFalse(q.join(0.1), "nothing done yet");
        started(new ChildProcess((JoinableQueue in) -> {
            for (int i = 0; i < 20; i++) {
                in.get();
                in.taskDone();
            }
        }, q));
        assertTrue(q.join(30));
        assertThrows(IllegalStateException.class, q::taskDone, "more taskDone than items");
    }

    @Test
    void aLockGivesExclusionAcrossProcessesAndADeadHolderDoesNotWedgeIt() throws Exception {
        Lock lock = new Lock();
        Queue counter = new Queue();
        counter.put(0);
        for (int c = 0; c < 4; c++) {
            started(new ChildProcess((Lock l, Queue n) -> {
                for (int i = 0; i < 200; i++) {
                    l.acquire();
                    try {
                        n.put((Integer) n.get() + 1); // a read-modify-write that only the lock makes safe
                    } finally {
                        l.release();
                    }
                }
            }, lock, counter));
        }
        for (ChildProcess p : List.copyOf(children)) {
            p.join();
            assertEquals(0, p.exitCode());
        }
        assertEquals(800, counter.get(), "counted, not timed: no increment lost");
        Pipe ready = Pipe.open();
        ChildProcess holder = started(new ChildProcess((Lock l, Connection c) -> {
            l.acquire();
            c.send("held");
            Thread.sleep(60_000);
        }, lock, ready.two()));
        ready.two().close();
        assertEquals("held", ready.one().recv());
        assertFalse(lock.acquire(true, 0.2), "held by the child");
        holder.kill();
        holder.join();
        assertTrue(lock.acquire(true, 5), "a dead holder's lock is taken over");
        lock.release();
    }
}
