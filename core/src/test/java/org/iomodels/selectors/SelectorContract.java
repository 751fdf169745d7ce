package org.iomodels.selectors;

import static org.iomodels.selectors.Events.EVENT_READ;
import static org.iomodels.selectors.Events.EVENT_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.NativeSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every selector must do, after CPython's selectors semantics: a subclass names the
 * selector, and a new selector is done when it passes.
 */
@Timeout(60)
abstract class SelectorContract {
    private final List<AutoCloseable> opened = new ArrayList<>();

    protected abstract Selector newSelector() throws IOException;

    /** Whether the selector can watch thousands of descriptors (select cannot: FD_SETSIZE). */
    protected boolean supportsManyFds() {
        return true;
    }

    private Selector selector() throws IOException {
        Selector s = newSelector();
        opened.add(s);
        return s;
    }

    NativeSocket[] pair() throws IOException {
        NativeSocket[] p = NativeSocket.pair();
        opened.add(p[0]);
        opened.add(p[1]);
        return p;
    }

    static void send(NativeSocket socket, int bytes) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            socket.writeFully(arena.allocate(bytes));
        }
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    @Test
    void registerReturnsTheKey() throws IOException {
        Selector s = selector();
        NativeSocket[] p = pair();
        SelectorKey key = s.register(p[0], EVENT_READ, "data");
        assertSame(p[0], key.fileobj());
        assertEquals(p[0].fileno(), key.fd());
        assertEquals(EVENT_READ, key.events());
        assertEquals("data", key.data());
        SelectorKey byFd = s.register(p[1].fileno(), EVENT_READ | EVENT_WRITE);
        assertEquals(p[1].fileno(), byFd.fd());
        assertEquals(null, byFd.data());
    }

    @Test
    void registerRefusesDuplicatesBadEventsAndBadFileObjects() throws IOException {
        Selector s = selector();
        NativeSocket[] p = pair();
        s.register(p[0], EVENT_READ);
        assertThrows(IllegalArgumentException.class, () -> s.register(p[0], EVENT_WRITE));
        assertThrows(IllegalArgumentException.class, () -> s.register(p[0].fileno(), EVENT_WRITE), "same fd, other object");
        for (int bad : new int[] {0, 4, -1}) {
            assertThrows(IllegalArgumentException.class, () -> s.register(p[1], bad), "events " + bad);
        }
        assertThrows(IllegalArgumentException.class, () -> s.register("x", EVENT_READ));
        assertThrows(IllegalArgumentException.class, () -> s.register(-1, EVENT_READ));
        NativeSocket[] closed = NativeSocket.pair();
        closed[0].close();
        closed[1].close();
        assertThrows(IllegalArgumentException.class, () -> s.register(closed[0], EVENT_READ));
        assertEquals(1, s.getMap().size(), "failed registrations leave nothing behind");
    }

    @Test
    void unregisterReturnsTheKeyEvenForAClosedSocket() throws IOException {
        Selector s = selector();
        NativeSocket[] p = pair();
        SelectorKey key = s.register(p[0], EVENT_READ);
        assertEquals(key, s.unregister(p[0]));
        assertThrows(NoSuchElementException.class, () -> s.unregister(p[0]));
        assertThrows(NoSuchElementException.class, () -> s.unregister(p[1]));

        NativeSocket[] q = NativeSocket.pair();
        s.register(q[0], EVENT_READ);
        q[0].close(); // fileno() is -1 now: found by identity, as CPython does
        assertEquals(q[0], s.unregister(q[0]).fileobj());
        q[1].close();
        send(p[1], 1);
        s.register(p[0], EVENT_READ);
        assertEquals(1, s.select(Duration.ofSeconds(5)).size(), "the selector still works");
    }

    @Test
    void modifyChangesEventsAndData() throws IOException {
        Selector s = selector();
        NativeSocket[] p = pair();
        SelectorKey key = s.register(p[0], EVENT_READ, "a");
        assertTrue(s.select(Duration.ZERO).isEmpty(), "nothing to read yet");
        SelectorKey writing = s.modify(p[0], EVENT_WRITE, "a");
        assertEquals(EVENT_WRITE, writing.events());
        List<Ready> ready = s.select(Duration.ZERO);
        assertEquals(1, ready.size());
        assertEquals(EVENT_WRITE, ready.getFirst().events());
        SelectorKey renamed = s.modify(p[0], EVENT_WRITE, "b");
        assertEquals("b", renamed.data());
        assertEquals("b", s.getKey(p[0]).data());
        assertSame(renamed, s.modify(p[0], EVENT_WRITE, "b"), "nothing changed: the same key");
        assertThrows(IllegalArgumentException.class, () -> s.modify(p[0], 0, null));
        assertThrows(NoSuchElementException.class, () -> s.modify(p[1], EVENT_READ, null));
        assertEquals(key.fd(), renamed.fd());
    }

    @Test
    void getKeyAndGetMapAreAReadOnlyLiveView() throws IOException {
        Selector s = selector();
        NativeSocket[] p = pair();
        Map<Object, SelectorKey> map = s.getMap();
        assertTrue(map.isEmpty());
        SelectorKey key = s.register(p[0], EVENT_READ);
        assertEquals(1, map.size(), "live view");
        assertEquals(key, map.get(p[0]));
        assertTrue(map.containsKey(p[0]));
        assertFalse(map.containsKey(p[1]));
        assertEquals(key, s.getKey(p[0]));
        assertThrows(NoSuchElementException.class, () -> s.getKey(p[1]));
        assertEquals(List.of(key), List.copyOf(map.values()));
        assertThrows(UnsupportedOperationException.class, () -> map.put(p[1], key));
        assertThrows(UnsupportedOperationException.class, () -> map.remove(p[0]));
        assertThrows(UnsupportedOperationException.class, () -> map.entrySet().iterator().remove());
    }

    @Test
    void closeIsIdempotentAndEveryCallFailsAfterwards() throws IOException {
        Selector s = newSelector();
        NativeSocket[] p = pair();
        s.register(p[0], EVENT_READ);
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.register(p[1], EVENT_READ));
        assertThrows(IllegalStateException.class, () -> s.unregister(p[0]));
        assertThrows(IllegalStateException.class, () -> s.modify(p[0], EVENT_WRITE));
        assertThrows(IllegalStateException.class, () -> s.select(Duration.ZERO));
        assertThrows(IllegalStateException.class, () -> s.getKey(p[0]));
        assertThrows(IllegalStateException.class, s::getMap);
    }

    @Test
    void closeReleasesTheKernelDescriptor() throws IOException {
        long before = openFds();
        Selector s = newSelector();
        NativeSocket[] p = pair();
        s.register(p[0], EVENT_READ);
        s.select(Duration.ZERO);
        s.close();
        p[0].close();
        p[1].close();
        assertEquals(before, openFds());
    }

    @Test
    void timeoutsAreHonoured() throws Exception {
        Selector s = selector();
        NativeSocket[] p = pair();
        s.register(p[0], EVENT_READ);
        long t0 = System.nanoTime();
        assertTrue(s.select(Duration.ZERO).isEmpty());
        assertTrue(s.select(Duration.ofMillis(-5)).isEmpty());
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "zero and negative timeouts poll");
        Duration wait = Duration.ofMillis(150);
        t0 = System.nanoTime();
        assertTrue(s.select(wait).isEmpty());
        long waited = System.nanoTime() - t0;
        assertTrue(waited >= wait.toNanos(), "returned after " + waited + " ns, before the timeout");
        assertTrue(waited < wait.toNanos() + 2_000_000_000L, "took far longer than the timeout: " + waited);

        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(100);
                send(p[1], 1);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        List<Ready> ready = s.select(); // null timeout: blocks until the write
        writer.join();
        assertEquals(1, ready.size());
        assertTrue(ready.getFirst().readable());
    }

    @Test
    void readinessOnASocketPair() throws IOException {
        Selector s = selector();
        NativeSocket[] p = pair();
        s.register(p[0], EVENT_READ | EVENT_WRITE, "both");
        List<Ready> first = s.select(Duration.ZERO);
        assertEquals(1, first.size());
        assertEquals(EVENT_WRITE, first.getFirst().events(), "writable at once, nothing to read");
        send(p[1], 10);
        List<Ready> second = s.select(Duration.ofSeconds(5));
        assertEquals(EVENT_READ | EVENT_WRITE, second.getFirst().events());
        s.modify(p[0], EVENT_READ, "read-only");
        assertEquals(EVENT_READ, s.select(Duration.ZERO).getFirst().events(), "masked to what is watched");
    }

    @Test
    void readinessOnAPipe() throws IOException {
        Selector s = selector();
        int[] pipe = Libc.pipe2(Libc.O_CLOEXEC);
        opened.add(() -> Libc.close(pipe[0]));
        opened.add(() -> Libc.close(pipe[1]));
        s.register(pipe[0], EVENT_READ, "r");
        s.register(pipe[1], EVENT_WRITE, "w");
        List<Ready> ready = s.select(Duration.ZERO);
        assertEquals(List.of("w"), ready.stream().map(r -> r.key().data()).toList());
        try (Arena arena = Arena.ofConfined()) {
            Libc.write(pipe[1], arena.allocate(3), 3);
        }
        ready = s.select(Duration.ofSeconds(5));
        assertEquals(2, ready.size(), "both ends ready in one call: " + ready);
    }

    @Test
    void aHangUpIsReportedReadable() throws IOException {
        Selector s = selector();
        NativeSocket[] p = pair();
        s.register(p[0], EVENT_READ);
        p[1].close();
        List<Ready> ready = s.select(Duration.ofSeconds(5));
        assertEquals(1, ready.size());
        assertTrue(ready.getFirst().readable(), "the next read sees end of stream");
    }

    @Test
    void fiveThousandRegisteredDescriptors() throws IOException {
        Assumptions.assumeTrue(supportsManyFds(), "select(2) cannot watch descriptors past 1023");
        Selector s = selector();
        List<NativeSocket[]> pairs = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            NativeSocket[] p = pair();
            pairs.add(p);
            s.register(p[0], EVENT_READ, i);
            s.register(p[1], EVENT_READ, -i - 1);
        }
        assertEquals(5000, s.getMap().size());
        assertTrue(s.select(Duration.ZERO).isEmpty());
        send(pairs.get(1234)[1], 1);
        List<Ready> ready = s.select(Duration.ofSeconds(5));
        assertEquals(1, ready.size());
        assertEquals(1234, ready.getFirst().key().data());
    }

    static long openFds() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
