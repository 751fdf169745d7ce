package org.iomodels.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.iomodels.sys.SyscallCounters.Kind;
import org.junit.jupiter.api.Test;

/** The tracing probe: every call in order, with its name, fd, result and time; bounded; still counted. */
class SyscallTraceTest {
    @Test
    void recordsEachCallInOrderAndStillCountsIt() throws Exception {
        SyscallTrace trace = new SyscallTrace(16);
        SyscallCounters counters = new SyscallCounters();
        SyscallProbe probe = trace.over(counters);
        NativeSocket[] pair = NativeSocket.pair();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64);
            pair[1].setBlocking(false);
            assertEquals(Libc.WOULD_BLOCK, Libc.read(pair[1].fileno(), buf, 64, probe));
            assertEquals(5, Libc.write(pair[0].fileno(), buf, 5, probe));
            assertEquals(5, Libc.read(pair[1].fileno(), buf, 64, probe));
        } finally {
            pair[0].close(probe);
            pair[1].close();
        }
        List<SyscallTrace.Event> events = trace.events();
        assertEquals(List.of("read", "write", "read", "close"), events.stream().map(e -> e.call().manName()).toList());
        assertEquals("EAGAIN", events.get(0).resultText());
        assertEquals("5", events.get(1).resultText());
        assertEquals(events.get(0).fd(), events.get(2).fd());
        assertEquals(Thread.currentThread().getName(), events.get(3).thread());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).startNanos() >= events.get(i - 1).startNanos() + events.get(i - 1).nanos(),
                    "one thread's calls do not overlap: " + events);
        }
        var s = counters.snapshot();
        assertEquals(1, s.calls(Kind.EAGAIN));
        assertEquals(1, s.calls(Kind.READ));
        assertEquals(1, s.calls(Kind.WRITE));
        assertEquals(1, s.calls(Kind.OTHER));
        assertTrue(s.nanos(Kind.READ) > 0, "a traced call is always timed");
    }

    @Test
    void keepsTheLastEventsAndSaysHowManyWentMissing() {
        SyscallTrace trace = new SyscallTrace(3);
        SyscallProbe probe = trace.over(new SyscallCounters());
        for (int fd = 0; fd < 5; fd++) {
            probe.end(Syscall.CLOSE, fd, 0, probe.start(Syscall.CLOSE));
        }
        probe.completed(Syscall.RECV, 9, 64);
        assertEquals(List.of(3, 4, 9), trace.events().stream().map(SyscallTrace.Event::fd).toList());
        assertTrue(trace.events().getLast().completion());
        assertFalse(trace.events().getFirst().completion());
        assertEquals(6, trace.recorded());
        assertEquals(3, trace.dropped());
        trace.clear();
        assertEquals(List.of(), trace.events());
        assertEquals(0, trace.dropped());
    }

    @Test
    void threadsRecordIntoOneTrace() throws InterruptedException {
        SyscallTrace trace = new SyscallTrace(10_000);
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            SyscallProbe probe = trace.over(new SyscallCounters());
            threads[i] = Thread.ofPlatform().name("tracer-" + i).start(() -> {
                for (int k = 0; k < 1000; k++) {
                    probe.end(Syscall.WRITE, 1, 1, probe.start(Syscall.WRITE));
                }
            });
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertEquals(4000, trace.events().size());
        assertEquals(4, trace.events().stream().map(SyscallTrace.Event::thread).distinct().count());
    }

    @Test
    void refusesAnEmptyBuffer() {
        assertThrows(IllegalArgumentException.class, () -> new SyscallTrace(0));
    }
}
