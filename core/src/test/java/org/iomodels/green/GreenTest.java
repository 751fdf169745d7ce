package org.iomodels.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gevent's API on the hub: spawn, sleep, joinAll, kill, links, Timeout, Event, AsyncResult, LoopExit. */
class GreenTest {
    @Test
    void theSeedsThreeSleepersInterleave() throws Exception {
        OnThread.run(() -> {
            List<String> out = new ArrayList<>();
            var a = Green.spawn(() -> {
                out.add("running 1");
                Green.sleep(0.2);
                out.add("running 2");
            });
            var b = Green.spawn(() -> {
                out.add("running 3");
                Green.sleep(0.3);
                out.add("running 4");
            });
            var c = Green.spawn(() -> {
                out.add("running 5");
                Green.sleep(0);
                out.add("end?");
            });
            double start = Hub.get().time();
            Green.joinAll(List.of(a, b, c));
            double took = Hub.get().time() - start;
            assertEquals(List.of("running 1", "running 3", "running 5", "end?", "running 2", "running 4"), out);
            assertTrue(took >= 0.3 && took < 0.5, "the sleeps overlap: " + took + " s, not 0.5");
        });
    }

    @Test
    void getReturnsTheValueOrRaisesAndJoinNeverRaises() throws Exception {
        OnThread.run(() -> {
            var ok = Green.spawn(() -> 42);
            var bad = Green.spawn((java.util.concurrent.Callable<Integer>) () -> {
                throw new IllegalStateException("thrown on purpose by the test");
            });
            assertEquals(42, ok.get());
            assertTrue(ok.ready() && ok.successful());
            assertTrue(bad.join(1));
            assertFalse(bad.successful());
            assertEquals("thrown on purpose by the test", bad.exception().getMessage());
            assertThrows(IllegalStateException.class, bad::get);
            var slow = Green.spawn(() -> {
                Green.sleep(10);
                return 1;
            });
            assertThrows(Timeout.class, () -> slow.get(0.01));
            assertFalse(slow.join(0.01));
            slow.kill();
            assertTrue(slow.ready() && slow.successful(), "killed by GreenletExit: a success");
            assertNull(slow.value());
        });
    }

    @Test
    void killPreventsAnUnstartedGreenletFromStartingAndKillAllWaits() throws Exception {
        OnThread.run(() -> {
            boolean[] ran = new boolean[3];
            List<GreenThread<Void>> gs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int id = i;
                gs.add(Green.spawn(() -> {
                    ran[id] = true;
                }));
            }
            gs.get(0).kill();
            Green.killAll(gs);
            assertFalse(ran[0] || ran[1] || ran[2], "none started");
            assertTrue(gs.stream().allMatch(GreenThread::ready));
            var running = Green.spawn(() -> {
                try {
                    Green.sleep(10);
                } finally {
                    ran[0] = true; // the kill unwinds it: finally blocks run
                }
            });
            Green.sleep(0);
            Green.killAll(List.of(running));
            assertTrue(ran[0] && running.successful());
        });
    }

    @Test
    void joinAllStopsAtTheCountTheTimeoutOrTheFirstError() throws Exception {
        OnThread.run(() -> {
            var fast = Green.spawn(() -> "fast");
            var slow = Green.spawn(() -> {
                Green.sleep(5);
                return "slow";
            });
            List<GreenThread<?>> done = Green.joinAll(List.of(fast, slow), 0.05, false, 2);
            assertEquals(List.of(fast), done, "the timeout passed: only the fast one");
            assertEquals(List.of(fast), Green.joinAll(List.of(fast, slow), 5, false, 1));
            var failing = Green.spawnLater(0.01, (java.util.concurrent.Callable<String>) () -> {
                throw new IllegalArgumentException("thrown on purpose by the test");
            });
            double start = Hub.get().time();
            assertThrows(IllegalArgumentException.class, () -> Green.joinAll(List.of(slow, failing), 5, true, 2));
            assertTrue(Hub.get().time() - start < 1, "raised at once, without waiting for the slow one");
            slow.kill();
        });
    }

    @Test
    void linksAreCalledOnTheHubWhenDone() throws Exception {
        OnThread.run(() -> {
            List<String> log = new ArrayList<>();
            var ok = Green.spawn(() -> "v");
            ok.link(g -> log.add("link " + g.value()));
            ok.linkValue(g -> log.add("value"));
            ok.linkException(g -> log.add("exception: wrong"));
            ok.join();
            Green.sleep(0);
            assertEquals(List.of("link v", "value"), log);
        });
    }

    @Test
    void sleepZeroYieldsToTheOthersReadyToRun() throws Exception {
        OnThread.run(() -> {
            List<String> log = new ArrayList<>();
            var a = Green.spawn(() -> {
                for (int i = 0; i < 3; i++) {
                    log.add("a" + i);
                    Green.sleep(0);
                }
            });
            var b = Green.spawn(() -> {
                for (int i = 0; i < 3; i++) {
                    log.add("b" + i);
                    Green.sleep(0);
                }
            });
            Green.joinAll(List.of(a, b));
            assertEquals(List.of("a0", "b0", "a1", "b1", "a2", "b2"), log);
        });
    }

    @Test
    void aTimeoutRaisesInTheWaitAndIsCancelledByClose() throws Exception {
        OnThread.run(() -> {
            Event never = new Event();
            Timeout t = Timeout.start(0.02);
            Timeout raised = assertThrows(Timeout.class, () -> {
                try (t) {
                    never.waitFor();
                }
            });
            assertSame(t, raised);
            assertEquals("0.02 seconds", raised.getMessage());
            IllegalStateException mine = new IllegalStateException("my timeout");
            assertSame(mine, assertThrows(IllegalStateException.class, () -> {
                try (Timeout x = Timeout.start(0.01, mine)) {
                    Green.sleep(1);
                }
            }));
            assertEquals("late", Timeout.withTimeout(0.01, () -> {
                Green.sleep(1);
                return "never";
            }, "late"));
            try (Timeout x = Timeout.start(0.01)) {
                Green.sleep(0); // done in time
            }
            Green.sleep(0.03); // the closed timeout does not fire later
            assertFalse(never.waitFor(0.01), "a timed wait returns the flag");
        });
    }

    @Test
    void anEventWakesEveryWaiterAndAnAsyncResultCarriesAValueOrAnError() throws Exception {
        OnThread.run(() -> {
            Event ev = new Event();
            List<String> log = new ArrayList<>();
            List<GreenThread<Void>> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int id = i;
                waiters.add(Green.spawn(() -> {
                    ev.waitFor();
                    log.add("woke " + id);
                }));
            }
            Green.sleep(0.01);
            assertEquals(List.of(), log);
            ev.set();
            Green.joinAll(waiters);
            assertEquals(List.of("woke 0", "woke 1", "woke 2"), log);
            AsyncResult<String> r = new AsyncResult<>();
            Green.spawnLater(0.01, () -> r.set("answer"));
            assertEquals("answer", r.get());
            assertThrows(IllegalStateException.class, () -> r.set("again"));
            AsyncResult<String> e = new AsyncResult<>();
            Green.spawn(() -> e.setException(new IllegalArgumentException("no answer")));
            assertThrows(IllegalArgumentException.class, e::get);
        });
    }

    @Test
    void aWaitNothingCanEndFailsWithLoopExitNamingTheWaits() throws Exception {
        OnThread.run(() -> {
            Event never = new Event();
            var stuck = Green.spawn(() -> never.waitFor(), "stuck");
            LoopExit e = assertThrows(LoopExit.class, () -> Green.joinAll(List.of(stuck)));
            assertTrue(e.getMessage().startsWith("joinAll() of 1 greenlets would block forever"), e.getMessage());
            assertTrue(e.getMessage().contains("stuck on Event.wait()"), e.getMessage());
        });
    }

    @Test
    void aFailingGreenletIsReportedOnceByNameAndTheHubGoesOn() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            OnThread.run(() -> {
                var bad = Green.spawn((Runnable) () -> {
                    throw new IllegalStateException("thrown on purpose by the test");
                }, "doomed");
                var good = Green.spawn(() -> "fine");
                bad.join();
                assertEquals("fine", good.get());
            });
        } finally {
            System.setErr(err);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.split("failed with", -1).length - 1, text);
        assertTrue(text.contains("greenlet doomed failed with java.lang.IllegalStateException"), text);
    }

    @Test
    void oneHubServesAHundredThousandSleepingGreenlets() throws Exception {
        OnThread.run(120, () -> {
            List<GreenThread<Integer>> all = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                int id = i;
                all.add(Green.spawn(() -> {
                    Green.sleep(0.2);
                    return id;
                }));
            }
            Green.joinAll(all);
            long sum = 0;
            for (GreenThread<Integer> g : all) {
                sum += g.get();
            }
            assertEquals(99_999L * 100_000 / 2, sum);
        });
    }
}
