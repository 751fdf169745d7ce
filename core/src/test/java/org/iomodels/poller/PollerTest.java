package org.iomodels.poller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.sys.Libc;
import org.iomodels.sys.Socket;
import org.iomodels.sys.SyscallCounters;
import org.iomodels.sys.SyscallCounters.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The poller family, each mechanism that asks the kernel (select, poll, epoll, sigio): readiness
 * within the interest, interest changed and removed, a hang-up, a timeout, a wake-up from
 * another thread, every wait counted, and a poll that allocates nothing.
 */
@Timeout(30)
class PollerTest {
    enum Mechanism {
        SELECT, POLL, EPOLL, SIGIO;

        Poller open(SyscallCounters counters) throws Exception {
            return switch (this) {
                case SELECT -> SelectPoller.wakeable(counters);
                case POLL -> PollPoller.wakeable(counters);
                case EPOLL -> new EpollPoller(counters, true, 64);
                case SIGIO -> new SigioPoller(counters);
            };
        }
    }

    private final List<Integer> fds = new ArrayList<>();
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buf = arena.allocate(64);

    /** A connected pair of non-blocking stream sockets. */
    private int[] pair() throws Exception {
        int[] p = Socket.socketpair(Socket.SOCK_STREAM | Socket.SOCK_NONBLOCK | Socket.SOCK_CLOEXEC);
        fds.add(p[0]);
        fds.add(p[1]);
        return p;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int fd : fds) {
            Libc.close(fd);
        }
        arena.close();
    }

    /** What one poll reported: fd, ready bits, hang-up. */
    private record Report(int fd, int ready, boolean hangup) {}

    private static List<Report> poll(Poller p, long timeoutNanos) throws Exception {
        List<Report> got = new ArrayList<>();
        int n = p.poll(timeoutNanos, (fd, ready, hangup) -> got.add(new Report(fd, ready, hangup)));
        assertEquals(got.size(), n, "poll returns how many it reported");
        return got;
    }

    /** Polls until something is reported (sigio: a signal, then its poll), at most 5 s. */
    private static List<Report> pollUntilReady(Poller p) throws Exception {
        long until = System.nanoTime() + 5_000_000_000L;
        List<Report> got;
        do {
            got = poll(p, 100_000_000L);
        } while (got.isEmpty() && System.nanoTime() < until);
        return got;
    }

    @ParameterizedTest
    @EnumSource(Mechanism.class)
    void reportsReadinessWithinTheInterest(Mechanism m) throws Exception {
        SyscallCounters counters = new SyscallCounters();
        try (Poller p = m.open(counters)) {
            int[] s = pair();
            p.add(s[0], Poller.READ);
            p.add(s[1], 0);
            assertEquals(2, p.size());
            assertEquals(List.of(), poll(p, 0), "nothing to read yet, and no interest in writing");
            buf.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 'x');
            Libc.write(s[1], buf, 1);
            assertEquals(List.of(new Report(s[0], Poller.READ, false)), pollUntilReady(p));
            p.modify(s[1], Poller.WRITE);
            List<Report> both = pollUntilReady(p);
            assertTrue(both.contains(new Report(s[1], Poller.WRITE, false)), "writable once asked: " + both);
            p.remove(s[1]);
            p.modify(s[0], 0);
            assertEquals(1, p.size());
            assertEquals(List.of(), poll(p, 0), "no interest left in anything ready");
            assertTrue(counters.snapshot().calls(Kind.WAIT) >= 4, "every wait counted: " + counters.snapshot());
        }
    }

    @ParameterizedTest
    @EnumSource(Mechanism.class)
    void aPeerThatClosesIsReported(Mechanism m) throws Exception {
        try (Poller p = m.open(new SyscallCounters())) {
            int[] s = pair();
            p.add(s[0], Poller.READ);
            Libc.close(s[1]);
            fds.remove(Integer.valueOf(s[1]));
            List<Report> got = pollUntilReady(p);
            assertEquals(1, got.size(), "the closed peer: " + got);
            assertEquals(s[0], got.getFirst().fd());
            assertTrue((got.getFirst().ready() & Poller.READ) != 0, "a read then says end of stream: " + got);
        }
    }

    @ParameterizedTest
    @EnumSource(Mechanism.class)
    void aWaitEndsAtItsTimeoutOrAtAWakeUp(Mechanism m) throws Exception {
        try (Poller p = m.open(new SyscallCounters())) {
            int[] s = pair();
            p.add(s[0], Poller.READ);
            assertEquals(List.of(), poll(p, 20_000_000L), "a timeout reports nothing");
            Thread waker = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                p.wakeup();
            });
            assertEquals(List.of(), poll(p, -1), "a wait with no limit ends at the wake-up, reporting nothing");
            waker.join();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mechanism.class, names = {"SELECT", "POLL", "EPOLL"})
    void aPollerOpenedWithoutAWakeUpRefusesOne(Mechanism m) throws Exception {
        Poller p = switch (m) {
            case SELECT -> new SelectPoller(new SyscallCounters());
            case POLL -> new PollPoller(new SyscallCounters());
            default -> new EpollPoller(new SyscallCounters(), false, 8);
        };
        try (p) {
            assertThrows(UnsupportedOperationException.class, p::wakeup);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mechanism.class, names = {"SELECT", "POLL", "EPOLL"})
    void aPollAllocatesNothing(Mechanism m) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Poller p = m.open(new SyscallCounters())) {
            int[] s = pair();
            p.add(s[1], Poller.WRITE); // always ready: every poll reports it
            int[] seen = new int[1];
            Poller.Sink sink = (fd, ready, hangup) -> seen[0]++;
            for (int i = 0; i < 20_000; i++) { // warm-up, so the JIT has compiled what runs below
                p.poll(0, sink);
            }
            // Steady state is the claim: until the JIT's optimising compiler has run, code it will
            // make allocation-free can still allocate, so the best of ten rounds is what counts.
            long least = Long.MAX_VALUE;
            for (int round = 0; round < 10 && least >= 4_096; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 10_000; i++) {
                    p.poll(0, sink);
                }
                least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertTrue(seen[0] >= 30_000, "every poll reported the writable socket");
            assertTrue(least < 4_096, "10,000 polls allocated at least " + least + " bytes, in every round of ten");
        }
    }

    @org.junit.jupiter.api.Test
    void selectRefusesADescriptorItCannotWatch() {
        try (SelectPoller p = new SelectPoller(new SyscallCounters())) {
            var e = assertThrows(IllegalArgumentException.class, () -> p.add(1024, Poller.READ));
            assertTrue(e.getMessage().contains("fd 1024") && e.getMessage().contains("FD_SETSIZE"), e.getMessage());
            assertEquals(0, p.size());
        }
    }
}
