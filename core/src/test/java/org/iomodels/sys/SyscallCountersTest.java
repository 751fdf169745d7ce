package org.iomodels.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.iomodels.sys.SyscallCounters.Kind;
import org.junit.jupiter.api.Test;

/** Calls are counted exactly; the time of copy calls is sampled and scaled, never lost. */
class SyscallCountersTest {
    @Test
    void sampledCallsAreAllCountedAndSomeTimed() {
        SyscallCounters c = new SyscallCounters();
        for (int i = 0; i < 10_000; i++) {
            Syscall call = i % 2 == 0 ? Syscall.READ : Syscall.WRITE;
            c.end(call, 5, 64, c.start(call));
        }
        var s = c.snapshot();
        assertEquals(5_000, s.calls(Kind.READ));
        assertEquals(5_000, s.calls(Kind.WRITE));
        assertEquals(10_000, s.totalCalls());
        // (7/8)^5000 is zero for any purpose: both kinds had timed samples, whatever their order.
        assertTrue(s.nanos(Kind.READ) > 0 && s.nanos(Kind.WRITE) > 0, s.toString());
    }

    @Test
    void waitsAreTimedEveryTime() throws InterruptedException {
        SyscallCounters c = new SyscallCounters();
        long start = c.start(Syscall.EPOLL_PWAIT2);
        Thread.sleep(2);
        c.end(Syscall.EPOLL_PWAIT2, 4, 0, start);
        assertTrue(c.snapshot().nanos(Kind.WAIT) >= 2_000_000);
    }

    @Test
    void notNowIsFiledUnderEagainExceptForAWaitThatTimedOut() {
        SyscallCounters c = new SyscallCounters();
        c.end(Syscall.READ, 5, -Errno.EAGAIN, c.start(Syscall.READ));
        c.end(Syscall.ACCEPT4, 3, -Errno.EAGAIN, c.start(Syscall.ACCEPT4));
        c.end(Syscall.READ, 5, -Errno.ECONNRESET, c.start(Syscall.READ));
        c.end(Syscall.RT_SIGTIMEDWAIT, -1, -Errno.EAGAIN, c.start(Syscall.RT_SIGTIMEDWAIT)); // its timeout
        var s = c.snapshot();
        assertEquals(2, s.calls(Kind.EAGAIN));
        assertEquals(1, s.calls(Kind.READ), "a failed read is still a read");
        assertEquals(1, s.calls(Kind.WAIT));
    }

    @Test
    void completionsAreNotCalls() {
        SyscallCounters c = new SyscallCounters();
        c.completed(Syscall.RECV, 7, 64);
        c.completed(Syscall.RECV, 7, -Errno.EAGAIN);
        c.completed(Syscall.SEND, 7, 64);
        c.completed(Syscall.SIGIO, 7, 34);
        var s = c.snapshot();
        assertEquals(0, s.totalCalls());
        assertEquals(1, s.completions(Kind.READ));
        assertEquals(1, s.completions(Kind.EAGAIN));
        assertEquals(1, s.completions(Kind.WRITE));
        assertEquals(1, s.completions(Kind.WAIT));
    }

    @Test
    void aFailedCallReportsItsErrnoBeforeItThrows() throws ErrnoException {
        SyscallTrace trace = new SyscallTrace(8);
        SyscallCounters c = new SyscallCounters();
        int[] pipe = Libc.pipe2(Libc.O_CLOEXEC);
        Libc.close(pipe[0]);
        Libc.close(pipe[1]);
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            var buf = arena.allocate(8);
            org.junit.jupiter.api.Assertions.assertThrows(ErrnoException.class,
                    () -> Libc.read(pipe[0], buf, 8, trace.over(c)));
        }
        var e = trace.events().getFirst();
        assertEquals(Syscall.READ, e.call());
        assertEquals(pipe[0], e.fd());
        assertEquals(-Errno.EBADF, e.result());
        assertEquals("EBADF", e.resultText());
        assertEquals(1, c.snapshot().calls(Kind.READ));
    }
}
