package org.iomodels.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.iomodels.sys.Libc;
import org.junit.jupiter.api.Test;

/** The hub's loop, asyncio's rules: FIFO callbacks, timers in time order, stop after the batch, readiness, futures. */
class HubTest {
    @Test
    void callbacksRunInOrderAndStopLetsTheBatchFinish() throws Exception {
        OnThread.run(() -> {
            Hub hub = Hub.get();
            List<String> log = new ArrayList<>();
            hub.callSoon(() -> {
                log.add("a");
                hub.stop();
                hub.callSoon(() -> log.add("c, next turn"));
            });
            hub.callSoon(() -> log.add("b"));
            hub.runForever();
            assertEquals(List.of("a", "b"), log, "the batch that was running when stop came finished");
            hub.callSoon(hub::stop);
            hub.runForever();
            assertEquals(List.of("a", "b", "c, next turn"), log);
        });
    }

    @Test
    void timersRunInTimeOrderThenInTheOrderTheyWereMade() throws Exception {
        OnThread.run(() -> {
            Hub hub = Hub.get();
            List<String> log = new ArrayList<>();
            double now = hub.time();
            hub.callAt(now + 0.05, () -> log.add("late"));
            hub.callAt(now + 0.02, () -> log.add("early 1"));
            hub.callAt(now + 0.02, () -> log.add("early 2"));
            Handle cancelled = hub.callLater(0.01, () -> log.add("cancelled"));
            cancelled.cancel();
            hub.callLater(0.06, hub::stop);
            hub.runForever();
            assertEquals(List.of("early 1", "early 2", "late"), log);
            assertTrue(hub.time() - now >= 0.06, "the loop waited for its timers");
        });
    }

    @Test
    void runUntilCompleteReturnsTheResultOrRaisesAndNeverWaitsForNothing() throws Exception {
        OnThread.run(() -> {
            Hub hub = Hub.get();
            Future<String> f = hub.createFuture();
            hub.callLater(0.01, () -> f.setResult("done"));
            assertEquals("done", hub.runUntilComplete(f));
            Future<String> failing = hub.createFuture();
            hub.callSoon(() -> failing.setException(new IllegalStateException("failed")));
            assertEquals("failed", assertThrows(IllegalStateException.class, () -> hub.runUntilComplete(failing)).getMessage());
            Future<String> never = hub.createFuture();
            LoopExit e = assertThrows(LoopExit.class, () -> hub.runUntilComplete(never));
            assertTrue(e.getMessage().startsWith("runUntilComplete(<Future pending>) would block forever"), e.getMessage());
        });
    }

    @Test
    void aReaderRunsWhileItsDescriptorIsReadable() throws Exception {
        OnThread.run(() -> {
            Hub hub = Hub.get();
            int[] pipe = Libc.pipe2(Libc.O_NONBLOCK | Libc.O_CLOEXEC);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(16);
                List<Integer> reads = new ArrayList<>();
                hub.addReader(pipe[0], () -> {
                    try {
                        reads.add(Libc.read(pipe[0], buf, 16, org.iomodels.sys.SyscallProbe.NONE));
                        assertTrue(hub.removeReader(pipe[0]));
                        hub.stop();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                hub.callLater(0.01, () -> {
                    try {
                        Libc.write(pipe[1], buf, 3);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                hub.runForever();
                assertEquals(List.of(3), reads);
                assertFalse(hub.removeReader(pipe[0]), "already removed");
            } finally {
                Libc.close(pipe[0]);
                Libc.close(pipe[1]);
            }
        });
    }

    @Test
    void anotherThreadWakesTheLoop() throws Exception {
        OnThread.run(() -> {
            Hub hub = Hub.get();
            List<String> log = new ArrayList<>();
            Thread.ofPlatform().start(() -> {
                sleepMillis(50);
                hub.callSoonThreadsafe(() -> {
                    log.add("from another thread");
                    hub.stop();
                });
            });
            hub.runForever(); // nothing to do until the other thread calls: it waits, it does not exit
            assertEquals(List.of("from another thread"), log);
        });
    }

    @Test
    void futureCallbacksRunSoonNotInline() throws Exception {
        OnThread.run(() -> {
            Hub hub = Hub.get();
            Future<Integer> f = hub.createFuture();
            List<String> log = new ArrayList<>();
            Consumer<Future<Integer>> removed = x -> log.add("removed one ran");
            f.addDoneCallback(x -> log.add("first " + x.result()));
            f.addDoneCallback(removed);
            f.addDoneCallback(removed);
            assertEquals(2, f.removeDoneCallback(removed));
            assertThrows(IllegalStateException.class, f::result, "not ready");
            f.setResult(7);
            assertEquals(List.of(), log, "not inline");
            assertThrows(IllegalStateException.class, () -> f.setResult(8));
            assertFalse(f.cancel());
            hub.callSoon(hub::stop);
            hub.runForever();
            assertEquals(List.of("first 7"), log);
            Future<Integer> c = hub.createFuture();
            assertTrue(c.cancel());
            assertTrue(c.cancelled() && c.done());
            assertThrows(CancellationException.class, c::result);
        });
    }

    @Test
    void aFailingCallbackIsReportedAndTheLoopGoesOn() throws Exception {
        OnThread.run(() -> {
            Hub hub = Hub.get();
            List<String> log = new ArrayList<>();
            hub.callSoon(() -> {
                throw new IllegalStateException("thrown on purpose by the test");
            });
            hub.callSoon(() -> log.add("after"));
            hub.callSoon(hub::stop);
            hub.runForever();
            assertEquals(List.of("after"), log);
        });
    }

    @Test
    void theHubBelongsToItsThread() throws Exception {
        Hub[] theirs = new Hub[1];
        OnThread.run(() -> theirs[0] = Hub.get());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> theirs[0].callSoon(() -> { }));
        assertTrue(e.getMessage().contains("use callSoonThreadsafe"), e.getMessage());
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
