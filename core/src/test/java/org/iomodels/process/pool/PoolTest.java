package org.iomodels.process.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.iomodels.process.ChildError;
import org.junit.jupiter.api.Test;

/** Python's Pool methods across real worker JVMs: results, order, laziness, callbacks, errors. */
class PoolTest extends PoolTests {
    @Test
    void applyMapAndStarmapAsPythons() throws Exception {
        Pool pool = pool(2);
        assertEquals(42, pool.apply((Integer x) -> x + 1, 41));
        assertEquals("no argument", pool.apply(() -> "no argument"));
        List<Integer> items = IntStream.range(0, 100).boxed().toList();
        List<Integer> squares = items.stream().map(x -> x * x).toList();
        assertEquals(squares, pool.map((Integer x) -> x * x, items));
        assertEquals(squares, pool.map((Integer x) -> x * x, items, 7));
        assertEquals(List.of(), pool.map((Integer x) -> x, List.of()));
        assertEquals(List.of(6, 20), pool.starmap((Integer a, Integer b) -> a * b, List.of(Map.entry(2, 3), Map.entry(4, 5))));
        assertEquals(13, Pool.defaultChunksize(100, 2)); // Python: divmod(100, 8) = (12, 4), rounded up
        assertEquals(1, Pool.defaultChunksize(3, 2));
    }

    @Test
    void callbacksRunOnOneResultThreadBeforeGetReturns() throws Exception {
        Pool pool = pool(2);
        List<String> threads = new CopyOnWriteArrayList<>();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        List<AsyncResult<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(pool.applyAsync((Integer x) -> x + 100, i, v -> {
                threads.add(Thread.currentThread().getName());
                seen.add(v);
            }, null));
        }
        for (AsyncResult<Integer> r : results) {
            int v = r.get(30);
            assertTrue(seen.contains(v), "the callback ran before get returned " + v);
            assertTrue(r.isReady() && r.isSuccessful());
        }
        assertEquals(1, new HashSet<>(threads).size(), threads.toString());
        AsyncResult<List<Integer>> m = pool.mapAsync((Integer x) -> -x, List.of(1, 2), 0, seen::addAll, null);
        assertEquals(List.of(-1, -2), m.get(30));
        assertTrue(seen.containsAll(List.of(-1, -2)));
    }

    @Test
    void imapIsOrderedAndLazyAndImapUnorderedGivesEveryResult() throws Exception {
        Pool pool = pool(2);
        AtomicInteger read = new AtomicInteger();
        Iterable<Integer> endless = () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                read.incrementAndGet();
                return next++;
            }
        };
        IMapIterator<Integer> it = pool.imap((Integer x) -> x * 2, endless);
        for (int i = 0; i < 50; i++) {
            assertEquals(2 * i, it.next(30));
        }
        assertTrue(read.get() <= 50 + 4 * 2, "read " + read.get() + " items of an endless input for 50 results");
        Set<Integer> all = new HashSet<>();
        IMapIterator<Integer> u = pool.imapUnordered((Integer x) -> x + 1, IntStream.range(0, 40).boxed().toList(), 3);
        while (u.hasNext()) {
            all.add(u.next(30));
        }
        assertEquals(IntStream.rangeClosed(1, 40).boxed().collect(java.util.stream.Collectors.toSet()), all);
    }

    @Test
    void aTaskThatThrowsFailsWithTheWorkersStackTraceAndThePoolGoesOn() throws Exception {
        Pool pool = pool(1);
        AsyncResult<Integer> r = pool.applyAsync((Integer x) -> {
            throw new IllegalStateException("boom " + x);
        }, 7);
        ChildError e = assertThrows(ChildError.class, () -> r.get(30));
        assertEquals("java.lang.IllegalStateException", e.remoteClass());
        assertTrue(e.getMessage().contains("boom 7"), e.getMessage());
        assertTrue(e.getStackTrace().length > 0 && e.getStackTrace()[0].getClassName().contains("PoolTest"), List.of(e.getStackTrace()).toString());
        assertTrue(!r.isSuccessful());
        ChildError inMap = assertThrows(ChildError.class, () -> pool.map((Integer x) -> 10 / x, List.of(1, 0, 2)));
        assertTrue(inMap.getMessage().contains("ArithmeticException"), inMap.getMessage());
        IMapIterator<Integer> it = pool.imap((Integer x) -> 10 / x, List.of(5, 0, 2));
        assertEquals(2, it.next(30));
        assertThrows(ChildError.class, () -> it.next(30));
        assertEquals(5, it.next(30), "the iteration goes on after a task that threw");
        assertEquals(3, pool.apply((Integer x) -> x, 3));
    }

    @Test
    void whatCannotBeSerializedIsAClearErrorAndThePoolGoesOn() throws Exception {
        Pool pool = pool(1);
        Object notSerializable = new Object();
        IllegalArgumentException arg = assertThrows(IllegalArgumentException.class, () -> pool.applyAsync((Object o) -> 1, notSerializable));
        assertTrue(arg.getMessage().contains("java.lang.Object"), arg.getMessage());
        Thread captured = Thread.currentThread();
        IllegalArgumentException fn = assertThrows(IllegalArgumentException.class, () -> pool.applyAsync(() -> captured.getName()));
        assertTrue(fn.getMessage().contains("function cannot be serialized"), fn.getMessage());
        assertEquals(1, pool.apply(() -> 1));
    }

    @Test
    void aCallbackThatThrowsIsReportedAndTheOthersRun() throws Exception {
        Pool pool = pool(1);
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        AsyncResult<Integer> bad = pool.applyAsync(() -> 1, v -> {
            throw new IllegalStateException("a callback's bug");
        }, null);
        AsyncResult<Integer> good = pool.applyAsync(() -> 2, seen::add, null);
        assertEquals(1, bad.get(30));
        assertEquals(2, good.get(30));
        assertEquals(List.of(2), seen);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AsyncResult<Integer> failing = pool.applyAsync(() -> {
            throw new java.io.IOException("disk");
        }, null, errors::add);
        assertTrue(failing.waitFor(30));
        assertTrue(errors.size() == 1 && errors.getFirst().getMessage().contains("disk"), errors.toString());
    }

    @Test
    void aWorkerKeepsItsLatestFunctionsAndIsSentAnOldOneAgain() throws Exception {
        Pool pool = pool(1);
        IMapIterator<Integer> it = pool.imap((Integer x) -> x * 10, IntStream.range(0, 20).boxed().toList());
        assertEquals(0, it.next(30));
        for (int i = 0; i < Messages.FUNCTIONS_KEPT + 10; i++) { // as many other functions: the worker lets the imap's go
            int k = i;
            assertEquals(k, pool.apply(() -> k));
        }
        for (int i = 1; i < 20; i++) { // the imap's later chunks: its function sent again
            assertEquals(i * 10, it.next(30));
        }
    }
}
