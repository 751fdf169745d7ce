package org.iomodels.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cases a review of the package found wrong at first: each fails on the code before its fix. */
class ReviewedCasesTest {
    @Test
    void aChannelItemIsNotLostWhenTheWaitingGetterIsKilled() throws Exception {
        OnThread.run(() -> {
            Channel<String> ch = new Channel<>();
            var doomed = Green.spawn(() -> ch.get());
            Green.sleep(0);
            doomed.kill(new GreenletExit(), false, 0); // the kill comes on the next turn: the getter still waits now
            assertThrows(SimpleQueue.Full.class, () -> ch.put("x", true, 0.05),
                    "the getter died before taking the item: the put must not report it delivered");
            assertTrue(doomed.ready() && doomed.value() == null);
            var putter = Green.spawn(() -> ch.put("y", true, 5));
            assertEquals("y", ch.get());
            putter.join();
            assertTrue(putter.successful());
        });
    }

    @Test
    void aStraySwitchIntoAWaitingGreenletIsRefusedNotTakenForTheWakeUp() throws Exception {
        OnThread.run(() -> {
            Semaphore sem = new Semaphore(0);
            var g = Green.spawn(() -> {
                Greenlet child = new Greenlet(a -> "x"); // its parent: g, which is about to wait
                Hub.get().callSoon(() -> child.switchTo(null));
                return sem.acquire(true, 5);
            });
            g.join();
            assertTrue(g.exception() instanceof IllegalStateException, "the child's return is not a release: " + g.exception());
            assertEquals(0, sem.counter());
        });
    }

    @Test
    void aWaiterWokenBySetSeesTrueEvenIfTheEventIsClearedAtOnce() throws Exception {
        OnThread.run(() -> {
            Event ev = new Event();
            var waiter = Green.spawn(() -> ev.waitFor(5));
            Green.sleep(0);
            ev.set();
            ev.clear();
            assertTrue(waiter.get());
        });
    }

    @Test
    void joinAllsListDoesNotChangeAfterItReturns() throws Exception {
        OnThread.run(() -> {
            var a = Green.spawn(() -> 1);
            var b = Green.spawn(() -> 2);
            List<GreenThread<?>> done = Green.joinAll(List.of(a, b), 5, false, 1);
            int size = done.size();
            Green.sleep(0);
            Green.sleep(0);
            assertEquals(size, done.size());
        });
    }

    @Test
    void aFailedRunUntilCompleteDoesNotStopALaterRun() throws Exception {
        OnThread.run(() -> {
            Hub hub = Hub.get();
            Future<Integer> a = hub.createFuture();
            assertThrows(LoopExit.class, () -> hub.runUntilComplete(a));
            Future<Integer> b = hub.createFuture();
            hub.callLater(0.01, () -> a.setResult(1));
            hub.callLater(0.05, () -> b.setResult(2));
            assertEquals(2, hub.runUntilComplete(b));
        });
    }

    @Test
    void aReaderRemovedEarlierInTheTurnDoesNotRun() throws Exception {
        OnThread.run(() -> {
            Hub hub = Hub.get();
            int[] p1 = org.iomodels.sys.Libc.pipe2(org.iomodels.sys.Libc.O_NONBLOCK | org.iomodels.sys.Libc.O_CLOEXEC);
            int[] p2 = org.iomodels.sys.Libc.pipe2(org.iomodels.sys.Libc.O_NONBLOCK | org.iomodels.sys.Libc.O_CLOEXEC);
            try (var arena = java.lang.foreign.Arena.ofConfined()) {
                var one = arena.allocate(1);
                org.iomodels.sys.Libc.write(p1[1], one, 1);
                org.iomodels.sys.Libc.write(p2[1], one, 1);
                List<String> ran = new ArrayList<>();
                Runnable removeOther = () -> {
                    ran.add("first");
                    try {
                        hub.removeReader(p1[0]);
                        hub.removeReader(p2[0]);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    hub.stop();
                };
                hub.addReader(p1[0], removeOther);
                hub.addReader(p2[0], removeOther);
                hub.runForever();
                assertEquals(List.of("first"), ran, "both were ready; the second was removed by the first");
            } finally {
                for (int fd : new int[] {p1[0], p1[1], p2[0], p2[1]}) {
                    org.iomodels.sys.Libc.close(fd);
                }
            }
        });
    }

    @Test
    void aThrowIntoAnUnstartedGreenThreadMakesItReady() throws Exception {
        OnThread.run(() -> {
            var g = Green.spawnLater(1, () -> 1);
            Hub.get().callSoon(() -> g.throwInto(null));
            assertTrue(g.join(5), "done: its join returns");
            assertTrue(g.successful(), "a GreenletExit before the start is a kill");
            Pool pool = new Pool(1);
            var member = new GreenThread<>(() -> 1);
            pool.add(member);
            Hub.get().callSoon(() -> member.throwInto(new IllegalStateException("thrown on purpose by the test")));
            member.join(5);
            pool.join(5, false);
            assertEquals(1, pool.freeCount(), "its pool place came back");
        });
    }

    @Test
    void aTimeoutRefusedFromTheHubLeavesNoGhostWaiter() throws Exception {
        OnThread.run(() -> {
            Semaphore s = new Semaphore(0);
            Hub hub = Hub.get();
            hub.callSoon(() -> assertThrows(IllegalStateException.class, () -> s.acquire(true, 1.0)));
            Green.sleep(0.01);
            s.release();
            assertEquals(1, s.counter(), "the permit went to the counter, not to a ghost ticket");
        });
    }

    @Test
    void killAllFromAMemberKillsTheOthersFirst() throws Exception {
        OnThread.run(() -> {
            List<GreenThread<?>> all = new ArrayList<>();
            var killer = Green.spawn(() -> {
                Green.killAll(all);
                return "not reached";
            });
            all.add(killer);
            for (int i = 0; i < 3; i++) {
                all.add(Green.spawn(() -> {
                    Green.sleep(10);
                    return "slept";
                }));
            }
            Green.joinAll(all, 5, false, all.size());
            assertTrue(all.stream().allMatch(GreenThread::ready), "every member ended");
        });
    }

    @Test
    void theHubsRootIsTheThreadsRootWhoeverMadeIt() throws Exception {
        OnThread.run(() -> {
            Hub[] made = new Hub[1];
            new Greenlet(a -> made[0] = Hub.get()).switchTo(null);
            made[0].callSoon(made[0]::stop);
            made[0].runForever(); // from the thread's root: allowed
        });
    }

    @Test
    void groupJoinWaitsForMembersSpawnedMeanwhile() throws Exception {
        OnThread.run(() -> {
            Group group = new Group();
            group.spawn(() -> {
                Green.sleep(0.01);
                group.spawn(() -> {
                    Green.sleep(0.02);
                    return null;
                });
                return null;
            });
            assertTrue(group.join());
            assertEquals(0, group.size());
        });
    }

    @Test
    void aBoundedSemaphoreCountsAPermitOnItsWay() throws Exception {
        OnThread.run(() -> {
            BoundedSemaphore sem = new BoundedSemaphore(1);
            sem.acquire();
            var waiter = Green.spawn(() -> sem.acquire(true, 5));
            Green.sleep(0);
            sem.release(); // to the waiter, which has not resumed yet
            assertThrows(IllegalStateException.class, sem::release, "two permits out of one");
            assertTrue(waiter.get());
        });
    }
}
