package org.iomodels.process.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.iomodels.process.ChildProcess;
import org.iomodels.process.Queue;
import org.junit.jupiter.api.Test;

class ManagerSyncTest extends ManagerTests {
    @Test
    void locksAndSemaphoresBehaveAsPythons() throws Exception {
        Manager m = manager();
        AcquirerProxy lock = m.lock();
        assertTrue(lock.acquire(false, 0));
        assertFalse(lock.acquire(true, 0.05), "a Lock is not reentrant");
        assertTrue(CompletableFuture.supplyAsync(() -> {
            lock.release(); // any thread may release a Lock
            return true;
        }).get(10, TimeUnit.SECONDS));
        assertThrows(IllegalStateException.class, lock::release, "releasing an unlocked lock is an error");

        AcquirerProxy r = m.rLock();
        r.acquire();
        r.acquire();
        assertFalse(CompletableFuture.supplyAsync(() -> r.acquire(true, 0.05)).get(10, TimeUnit.SECONDS), "another thread waits");
        assertThrows(IllegalMonitorStateException.class,
                () -> rethrow(CompletableFuture.runAsync(r::release)), "only the holder releases an RLock");
        r.release();
        r.release();
        assertTrue(CompletableFuture.supplyAsync(() -> r.acquire(true, 1)).get(10, TimeUnit.SECONDS));

        AcquirerProxy s = m.boundedSemaphore(2);
        s.acquire();
        assertEquals(1, s.getValue());
        s.release();
        assertThrows(IllegalStateException.class, s::release, "a BoundedSemaphore is not released past its value");
    }

    @Test
    void eventConditionAndBarrierAcrossProcesses() throws Exception {
        Manager m = manager();
        EventProxy ready = m.event();
        ConditionProxy cond = m.condition(m.rLock());
        ListProxy<String> items = m.list();
        BarrierProxy barrier = m.barrier(2);
        ChildProcess child = started(new ChildProcess((java.util.List<Object> all) -> {
            EventProxy e = (EventProxy) all.get(0);
            ConditionProxy c = (ConditionProxy) all.get(1);
            @SuppressWarnings("unchecked")
            ListProxy<String> l = (ListProxy<String>) all.get(2);
            BarrierProxy b = (BarrierProxy) all.get(3);
            e.set();
            c.acquire();
            try {
                l.add("made");
                c.notifyAllWaiters();
            } finally {
                c.release();
            }
            b.await(30);
        }, java.util.List.of(ready, cond, items, barrier)));
        assertTrue(ready.waitFor(30), "the child set the event");
        cond.acquire();
        try {
            assertTrue(cond.waitFor(() -> !items.isEmpty(), 30), "the child's notify woke the wait");
        } finally {
            cond.release();
        }
        int index = barrier.await(30);
        assertTrue(index == 0 || index == 1);
        joined(child);
        assertEquals(2, barrier.parties());
        assertThrows(BrokenBarrierException.class, () -> barrier.await(0.05), "a timeout breaks the barrier");
        assertTrue(barrier.broken());
        barrier.reset();
        assertFalse(barrier.broken());
    }

    @Test
    void queuesRaiseEmptyAndFullAndJoinCountsTasks() throws Exception {
        Manager m = manager();
        QueueProxy q = m.queue(1);
        q.put(null);
        assertTrue(q.full());
        assertThrows(Queue.Full.class, () -> q.put("x", true, 0.05));
        assertNull(q.get());
        assertThrows(Queue.Empty.class, q::getNowait);
        QueueProxy jobs = m.joinableQueue();
        ChildProcess worker = started(new ChildProcess((QueueProxy j) -> {
            for (int i = 0; i < 3; i++) {
                j.get();
                j.taskDone();
            }
        }, jobs));
        for (int i = 0; i < 3; i++) {
            jobs.put(i);
        }
        assertTrue(jobs.join(30), "every task was done");
        joined(worker);
        assertThrows(IllegalStateException.class, jobs::taskDone, "taskDone past the items is an error");
    }

    @Test
    void aClientKilledWhileWaitingTakesNothingAndLetsItsLockGo() throws Exception {
        Manager m = manager();
        QueueProxy q = m.queue();
        AcquirerProxy lock = m.lock();
        ChildProcess child = started(new ChildProcess((QueueProxy qq, AcquirerProxy l) -> {
            l.acquire();
            qq.get(); // waits: killed here
        }, q, lock));
        assertTrue(waitLocked(lock), "the child took the lock");
        child.kill();
        assertTrue(child.join(10));
        assertTrue(lock.acquire(true, 5), "the dead child's lock was let go");
        q.put("kept");
        Thread.sleep(300); // had the dead reader's wait gone on, it would have taken the item by now
        assertEquals("kept", q.get(false, 0), "no item was taken for the dead reader");
    }

    @Test
    void aNotifyWhileTheLockStaysHeldPastASliceStillWakesTheWaiter() throws Exception {
        Manager m = manager();
        ConditionProxy c = m.condition();
        EventProxy pulse = m.event();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            c.acquire();
            try {
                return c.await(30);
            } finally {
                c.release();
            }
        });
        Thread.sleep(300);
        c.acquire();
        c.notify(1);
        Thread.sleep(400); // held over several of the waiter's 100 ms slices
        c.release();
        assertTrue(waiter.get(20, TimeUnit.SECONDS), "the notify was not lost");

        CompletableFuture<Boolean> eventWaiter = CompletableFuture.supplyAsync(() -> pulse.waitFor(30));
        Thread.sleep(300);
        pulse.set();
        pulse.clear();
        assertTrue(eventWaiter.get(20, TimeUnit.SECONDS), "a set then clear wakes who was waiting, as Python's Event");
    }

    @Test
    void aPartyKilledAtTheBarrierBreaksItForTheOthers() throws Exception {
        Manager m = manager();
        BarrierProxy b = m.barrier(3);
        ChildProcess child = started(new ChildProcess((BarrierProxy bb) -> bb.await(60), b));
        for (int i = 0; i < 600 && b.nWaiting() == 0; i++) {
            Thread.sleep(50);
        }
        assertEquals(1, b.nWaiting(), "the child waits at the barrier");
        CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> {
            try {
                return b.await(60);
            } catch (BrokenBarrierException e) {
                return -1;
            }
        });
        Thread.sleep(200);
        child.kill();
        assertEquals(-1, other.get(20, TimeUnit.SECONDS), "the waiting party learns the barrier broke, not waits 60 s");
        assertTrue(b.broken());
    }

    private static boolean waitLocked(AcquirerProxy lock) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (!lock.acquire(false, 0)) {
                return true;
            }
            lock.release();
            Thread.sleep(50);
        }
        return false;
    }

    private static void rethrow(CompletableFuture<?> f) throws Throwable {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause();
        }
    }
}
