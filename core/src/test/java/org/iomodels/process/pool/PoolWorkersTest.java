package org.iomodels.process.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A pool's workers: their death fails only their tasks and never hangs; lifecycle; initializer; maxTasksPerChild; the ExecutorService view. */
class PoolWorkersTest extends PoolTests {
    @Test
    void aWorkerKilledBySignalExitOrOutOfMemoryFailsOnlyItsTaskAndIsReplaced() throws Exception {
        Pool pool = track(new Pool(2));
        AsyncResult<String> other = pool.applyAsync(() -> {
            Thread.sleep(6000); // longer than the other worker's start and kill, even on a loaded machine
            return "fine";
        });
        AsyncResult<Object> killed = pool.applyAsync(() -> {
            new ProcessBuilder("kill", "-KILL", String.valueOf(ProcessHandle.current().pid())).start().waitFor();
            Thread.sleep(60_000);
            return null;
        });
        WorkerDiedException e = assertThrows(WorkerDiedException.class, () -> killed.get(30));
        assertTrue(e.getMessage().contains("signal 9 (SIGKILL)") && e.getMessage().contains("(pid "), e.getMessage());
        assertTrue(!other.isReady(), "the other worker's task was not failed with it");
        WorkerDiedException exit = assertThrows(WorkerDiedException.class, () -> pool.apply(() -> {
            System.exit(7);
            return null;
        }));
        assertTrue(exit.getMessage().contains("exited with code 7"), exit.getMessage());
        WorkerDiedException oom = assertThrows(WorkerDiedException.class, () -> pool.apply(() -> {
            List<long[]> hog = new ArrayList<>(); // 16 GB a piece: over any default heap here at the first
            while (true) {
                hog.add(new long[Integer.MAX_VALUE - 16]);
            }
        }));
        assertTrue(oom.getMessage().contains("ran out of memory"), oom.getMessage());
        assertEquals(IntStream.range(0, 20).boxed().toList(), pool.map((Integer x) -> x, IntStream.range(0, 20).boxed().toList(), 1),
                "the replacements run the rest");
        assertEquals("fine", other.get(30));
    }

    @Test
    void terminateFailsWhatRunsAndCloseWaitsForWhatWasSubmitted() throws Exception {
        Pool pool = track(new Pool(1));
        AsyncResult<Object> long_ = pool.applyAsync(() -> {
            Thread.sleep(60_000);
            return null;
        });
        pool.terminate();
        assertThrows(CancellationException.class, () -> long_.get(10));
        assertTrue(pool.join(10));
        assertThrows(IllegalStateException.class, () -> pool.apply(() -> 1));

        List<AsyncResult<Integer>> results = new ArrayList<>();
        try (Pool p = new Pool(2)) {
            for (int i = 0; i < 6; i++) {
                results.add(p.applyAsync((Integer x) -> {
                    Thread.sleep(100);
                    return x;
                }, i));
            }
            assertThrows(IllegalStateException.class, () -> p.join(1), "join before close, as Python's");
        }
        for (int i = 0; i < 6; i++) {
            assertTrue(results.get(i).isReady(), "close waited for task " + i);
            assertEquals(i, results.get(i).get(0));
        }
    }

    @Test
    void theInitializerRunsInEachWorkerAndMaxTasksPerChildReplacesThem() throws Exception {
        Pool pool = track(new Pool(1, () -> System.setProperty("pool.init", "done"), 2));
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            assertEquals("done", pool.apply(() -> System.getProperty("pool.init")));
        }
        for (int i = 0; i < 6; i++) {
            pids.add(pool.apply(() -> ProcessHandle.current().pid()));
        }
        assertEquals(3, new HashSet<>(pids).size(), "a new worker every 2 tasks: " + pids);

        Pool broken = track(new Pool(2, () -> {
            throw new IllegalStateException("no config");
        }, 0));
        List<AsyncResult<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            all.add(broken.applyAsync(() -> 1));
        }
        for (AsyncResult<Integer> r : all) { // each fails (none waits for ever), given to a worker or not
            RuntimeException e = assertThrows(RuntimeException.class, () -> r.get(30));
            assertTrue(e.getMessage().contains("initializer failed"), e.getMessage());
        }
        assertThrows(IllegalStateException.class, () -> broken.apply(() -> 1), "a pool whose initializer fails runs nothing");
    }

    @Test
    void asAnExecutorService() throws Exception {
        Pool pool = track(new Pool(2));
        ExecutorService ex = pool.asExecutorService();
        Future<Integer> f = ex.submit((Callable<Integer> & Serializable) () -> 6 * 7);
        assertEquals(42, f.get(30, TimeUnit.SECONDS));
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int k = i;
            tasks.add((Callable<Integer> & Serializable) () -> k * k);
        }
        List<Integer> squares = new ArrayList<>();
        for (Future<Integer> t : ex.invokeAll(tasks)) {
            squares.add(t.get());
        }
        assertEquals(List.of(0, 1, 4, 9, 16), squares);
        assertEquals(1, ex.invokeAny(List.of((Callable<Integer> & Serializable) () -> 1)));
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class, () -> ex.submit(() -> 1));
        assertTrue(plain.getMessage().contains("Serializable"), plain.getMessage());
        ex.shutdown();
        assertTrue(ex.isShutdown());
        assertTrue(ex.awaitTermination(20, TimeUnit.SECONDS));
        assertTrue(ex.isTerminated());
    }
}
