package org.iomodels.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** strace's lines as explain reads them: a call whole, one cut by another thread's and resumed, an errno, a signal's line. */
class StraceLogTest {
    @Test
    void callsAreReadWholeAndInTheOrderTheyCompleted() {
        List<StraceLog.Call> calls = StraceLog.parse(List.of(
                "8060  18:36:13.479052 epoll_wait(25,  <unfinished ...>",
                "8061  18:36:13.479100 read(29, \"abc\"..., 65536) = 64 <0.000017>",
                "8060  18:36:13.492576 <... epoll_wait resumed>[{events=EPOLLIN, data={u32=29, u64=29}}], 1024, -1) = 1 <0.013500>",
                "8061  18:36:13.492979 epoll_ctl(25, EPOLL_CTL_MOD, 29, {events=0, data={u32=29, u64=29}}) = 0 <0.000021>",
                "8061  18:36:13.493000 read(29, 0x7f00, 65536) = -1 EAGAIN (Resource temporarily unavailable) <0.000009>",
                "8061  18:36:13.494000 --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=1, si_uid=0} ---",
                "8061  18:36:13.495000 +++ exited with 0 +++"));
        assertEquals(List.of(
                new StraceLog.Call(8061, 66973479100.0, "read", 29, -1, "64", 17.0),
                new StraceLog.Call(8060, 66973479052.0, "epoll_wait", 25, -1, "1", 13500.0),
                new StraceLog.Call(8061, 66973492979.0, "epoll_ctl", 25, 29, "0", 21.0),
                new StraceLog.Call(8061, 66973493000.0, "read", 29, -1, "EAGAIN", 9.0)), calls.stream()
                .map(c -> new StraceLog.Call(c.tid(), Math.rint(c.startMicros()), c.name(), c.fd(), c.target(), c.result(), Math.rint(c.micros())))
                .toList());
    }
}
