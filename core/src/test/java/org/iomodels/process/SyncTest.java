package org.iomodels.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.BrokenBarrierException;


import org.junit.jupiter.api.Test;


/** RLock, Semaphore, BoundedSemaphore, Event, Condition, Barrier, Value and Array across child JVMs: counted, not timed. */
class SyncTest extends ChildTests {

    private void joinAll() throws Exception {
        for (ChildProcess p : children) {
            assertTrue(p.join(60), p + " did not end");
            assertEquals(0, p.exitCode(), p + ": " + p.exception());
        }
    }

    @Test
    void valuesAndArraysAddUpExactlyFromSeveralChildren() throws Exception {
        Value counter = Value.ofInt(0);
        Value atomic = Value.ofLong(0);
        Array sums = Array.ofLongs(8);
        for (int c = 0; c < 4; c++) {
            started(new ChildProcess((Value v, Value a, Array s) -> {
                Lock l = v.getLock();
                for (int i = 0; i < 500; i++) {
                    l.acquire();
                    try {
                        v.setInt(v.getInt() + 1); // read-modify-write: safe only under the value's lock
                    } finally {
                        l.release();
                    }
                    a.addLong(2);
                    Lock al = s.getLock();
                    al.acquire();
                    try {
                        for (int k = 0; k < s.length(); k++) {
                            s.setLong(k, s.getLong(k) + k);
                        }
                    } finally {
                        al.release();
                    }
                }
            }, counter, atomic, sums));
        }
        joinAll();
        assertEquals(2000, counter.getInt());
        assertEquals(4000, atomic.getLong());
        for (int k = 0; k < 8; k++) {
            assertEquals(2000L * k, sums.getLong(k));
        }
        assertThrows(IllegalStateException.class, counter::getLong, "an int Value read as a long");
        assertThrows(IndexOutOfBoundsException.class, () -> sums.getLong(8));
    }

    @Test
    void aSemaphoreAdmitsAtMostItsCount() throws Exception {
        Semaphore sem = new Semaphore(2);
        Value inside = Value.ofInt(0);
        Value most = Value.ofInt(0);
        for (int c = 0; c < 4; c++) {
            started(new ChildProcess((Semaphore s, Value in, Value max) -> {
                for (int i = 0; i < 30; i++) {
                    s.acquire();
                    try {
                        int now = in.addInt(1);
                        Lock ml = max.getLock();
                        ml.acquire();
                        try {
                            max.setInt(Math.max(max.getInt(), now));
                        } finally {
                            ml.release();
                        }
                        Thread.sleep(2);
                        in.addInt(-1);
                    } finally {
                        s.release();
                    }
                }
            }, sem, inside, most));
        }
        joinAll();
        assertTrue(most.getInt() >= 1 && most.getInt() <= 2, "at most 2 inside at once, counted: " + most.getInt());
        assertEquals(2, sem.getValue());
        BoundedSemaphore bounded = new BoundedSemaphore(1);
        assertTrue(bounded.acquire(false, 0));
        assertFalse(bounded.acquire(true, 0.1));
        bounded.release();
        assertThrows(IllegalStateException.class, bounded::release, "released above its bound");
    }

    @Test
    void anRLockIsReentrantForItsHolderAndExcludesOtherProcesses() throws Exception {
        RLock lock = new RLock();
        lock.acquire();
        lock.acquire();
        Queue answer = new Queue();
        started(new ChildProcess((RLock l, Queue out) -> out.put(l.acquire(true, 0.2)), lock, answer));
        assertEquals(false, answer.get(true, 30), "another process cannot take it while held");
        lock.release();
        lock.release();
        assertThrows(IllegalStateException.class, lock::release, "releasing an RLock not held");
        started(new ChildProcess((RLock l, Queue out) -> out.put(l.acquire(true, 10)), lock, answer));
        assertEquals(true, answer.get(true, 30));
    }

    @Test
    void anEventAndAConditionCarryNewsBetweenProcesses() throws Exception {
        Event go = new Event();
        Queue out = new Queue();
        started(new ChildProcess((Event e, Queue o) -> o.put(e.waitFor(30) ? "saw it" : "timed out"), go, out));
        assertThrows(Queue.Empty.class, () -> out.get(true, 0.2), "the child waits");
        go.set();
        assertEquals("saw it", out.get(true, 30));
        Condition cond = new Condition();
        Value ready = Value.ofInt(0);
        started(new ChildProcess((Condition c, Value r, Queue o) -> {
            c.acquire();
            try {
                o.put(c.waitFor(() -> r.getInt() == 1, 30) ? "ready" : "not ready");
            } finally {
                c.release();
            }
        }, cond, ready, out));
        Thread.sleep(200);
        cond.acquire();
        try {
            ready.setInt(1);
            cond.notifyAllWaiters();
        } finally {
            cond.release();
        }
        assertEquals("ready", out.get(true, 30));
    }

    @Test
    void aBarrierGivesEachPartyItsIndexAndATimeoutBreaksIt() throws Exception {
        Barrier barrier = new Barrier(3);
        Queue out = new Queue();
        for (int c = 0; c < 3; c++) {
            started(new ChildProcess((Barrier b, Queue o) -> o.put(b.await(30)), barrier, out));
        }
        TreeSet<Integer> indices = new TreeSet<>();
        for (int c = 0; c < 3; c++) {
            indices.add((Integer) out.get(true, 30));
        }
        assertEquals(new TreeSet<>(List.of(0, 1, 2)), indices);
        joinAll();
        Barrier lonely = new Barrier(2);
        assertThrows(BrokenBarrierException.class, () -> lonely.await(0.2));
        assertTrue(lonely.broken());
        assertThrows(BrokenBarrierException.class, () -> lonely.await(0.2), "broken until reset");
        lonely.reset();
        assertFalse(lonely.broken());
        assertArrayEquals(new int[] {2, 0}, new int[] {lonely.parties(), lonely.nWaiting()});
    }

    @Test
    void aSharedMemoryBlockIsReachedByNameFromAChild() throws Exception {
        SharedMemory shm = SharedMemory.create(null, 4096);
        try {
            assertTrue(shm.name().startsWith("psm_"), shm.name());
            started(new ChildProcess((String name) -> {
                try (SharedMemory mine = SharedMemory.attach(name)) {
                    for (int i = 0; i < 100; i++) {
                        mine.buf().set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) i);
                    }
                }
            }, shm.name()));
            joinAll();
            for (int i = 0; i < 100; i++) {
                assertEquals((byte) i, shm.buf().get(java.lang.foreign.ValueLayout.JAVA_BYTE, i));
            }
            IOException twice = assertThrows(IOException.class, () -> SharedMemory.create(shm.name(), 10));
            assertTrue(twice.getMessage().contains("exists already"), twice.getMessage());
            SimpleQueue q = new SimpleQueue();
            q.put("simple");
            assertEquals("simple", q.get());
            assertTrue(q.empty());
        } finally {
            shm.close();
            shm.unlink();
        }
        assertThrows(java.nio.file.NoSuchFileException.class, () -> SharedMemory.attach(shm.name()));
    }
}
