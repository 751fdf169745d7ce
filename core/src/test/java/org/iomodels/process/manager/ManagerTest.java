package org.iomodels.process.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.iomodels.process.ChildProcess;
import org.iomodels.process.pool.Pool;
import org.junit.jupiter.api.Test;

class ManagerTest extends ManagerTests {
    @Test
    void childrenWriteOneDictAndOneList() throws Exception { // the seed's ten: ProcessExamplesTest, through mp-manager
        Manager m = manager();
        DictProxy<Long, Long> d = m.dict();
        ListProxy<Object> l = m.list(List.of(0, 1, 2));
        List<ChildProcess> ps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ps.add(started(new ChildProcess((DictProxy<Long, Long> dd, ListProxy<Object> ll) -> {
                ProcessHandle me = ProcessHandle.current();
                dd.put(me.pid(), me.parent().orElseThrow().pid());
                ll.add(me.pid());
            }, d, l)));
        }
        for (ChildProcess p : ps) {
            joined(p);
        }
        assertEquals(4, d.size());
        assertEquals(7, l.size());
        assertEquals(List.of(0, 1, 2), l.subList(0, 3));
        long me = ProcessHandle.current().pid();
        for (ChildProcess p : ps) {
            assertEquals(me, d.get((long) p.pid()), "each child wrote its parent's pid under its own");
            assertTrue(l.contains((long) p.pid()));
        }
    }

    @Test
    void dictAndListBehaveAsMapAndList() throws Exception {
        Manager m = manager();
        DictProxy<String, Integer> d = m.dict(Map.of("a", 1));
        assertNull(d.put("b", 2));
        assertEquals(2, d.put("b", 3));
        assertEquals(1, d.putIfAbsent("a", 9));
        assertEquals(List.of("a", "b"), new ArrayList<>(d.keySet()), "insertion order, as Python's dict");
        assertEquals(Map.of("a", 1, "b", 3), d);
        assertEquals(7, d.getOrDefault("z", 7));
        assertEquals(3, d.remove("b"));
        assertFalse(d.containsKey("b"));
        d.putAll(Map.of("c", 4));
        assertEquals("{a=1, c=4}", d.toString());
        d.clear();
        assertTrue(d.isEmpty());

        ListProxy<String> l = m.list();
        l.add("x");
        l.append("z");
        l.add(1, "y");
        assertEquals(List.of("x", "y", "z"), l);
        assertEquals("y", l.set(1, "w"));
        l.sort();
        assertEquals(List.of("w", "x", "z"), l.copy());
        l.reverse();
        assertEquals(2, l.indexOf("w"));
        assertThrows(IndexOutOfBoundsException.class, () -> l.get(10), "the manager's exception is raised again as its own class");
        assertEquals("z", l.remove(0));
        assertTrue(l.remove("w"));
        assertEquals(List.of("x"), l);

        NamespaceProxy ns = m.namespace();
        ns.set("x", 1);
        assertEquals(1, (int) ns.get("x"));
        assertThrows(NoSuchElementException.class, () -> ns.get("y"));
        ValueProxy<Double> v = m.value(1.5);
        v.set(v.get() * 2);
        assertEquals(3.0, v.get());
        ArrayProxy a = m.array("i", List.of(1, 2, 3));
        a.set(0, 10);
        assertEquals(List.of(10, 2, 3), a.toList());
        assertEquals(3, a.length());
        assertThrows(ArithmeticException.class, () -> a.set(1, 1L << 40), "a value the type cannot hold is refused");
        assertThrows(IllegalArgumentException.class, () -> m.array("x", 3));
    }

    @Test
    void nestedProxiesAndPoolTasksShareTheSameObjects() throws Exception {
        Manager m = manager();
        DictProxy<String, Object> d = m.dict();
        d.put("evens", m.list());
        d.put("odds", m.list());
        AcquirerProxy lock = m.lock();
        ValueProxy<Integer> total = m.value(0);
        try (Pool pool = new Pool(2)) {
            pool.map((Integer i) -> {
                @SuppressWarnings("unchecked")
                ListProxy<Integer> l = (ListProxy<Integer>) d.get(i % 2 == 0 ? "evens" : "odds");
                l.add(i);
                try (AutoCloseable held = lock.hold()) {
                    total.set(total.get() + i);
                }
                return i;
            }, java.util.stream.IntStream.range(0, 40).boxed().toList(), 1);
        }
        @SuppressWarnings("unchecked")
        ListProxy<Integer> evens = (ListProxy<Integer>) d.get("evens");
        assertEquals(20, evens.size());
        assertTrue(evens.stream().allMatch(i -> i % 2 == 0));
        assertEquals(780, total.get(), "increments under the manager's lock from two workers add up");
        assertEquals(evens, d.get("evens"), "the dict holds the list itself, not a copy");
    }

    @Test
    void aProxyCrossesAProcessQueueAndIsTheSameObjectThere() throws Exception {
        Manager m = manager();
        DictProxy<String, String> d = m.dict();
        org.iomodels.process.Queue q = new org.iomodels.process.Queue();
        q.put(List.of(d)); // through the queue's allow-listed codec, not a child's start
        ChildProcess child = started(new ChildProcess((org.iomodels.process.Queue qq) -> {
            @SuppressWarnings("unchecked")
            DictProxy<String, String> got = (DictProxy<String, String>) ((List<?>) qq.get(true, 30)).get(0);
            got.put("from", "child");
        }, q));
        joined(child);
        assertEquals("child", d.get("from"));
    }
}
