package org.iomodels.examples;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.iomodels.green.Hub;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.SyscallProbe;

/**
 * The seeds' "message loop" ({@code while True: event = loop.get_event(); process_event(event)}),
 * the hub's event loop with nothing on top: callbacks queued with
 * {@code callSoon} (first in, first out), timers with {@code callLater} (in time order), a reader
 * on a pipe that another callback writes to, and {@code stop}. Each line is printed as it runs,
 * with the loop's time and its turn (one round of reading and processing messages). What to see:
 * one thread, one loop, and the order it imposes: queued callbacks run before a timer that is due
 * later; the I/O request (the write) ends its round, and its "I/O complete" message (the reader)
 * comes on a later turn; stop lets the batch in progress finish.
 */
public final class MessageLoop {
    private MessageLoop() {}

    public static void run(PrintStream out) throws ErrnoException {
        Hub hub = Hub.get();
        double t0 = hub.time();
        int[] pipe = Libc.pipe2(Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom("ping");
            log(out, hub, t0, "loop starts; queued: two callbacks, three timers, a reader");
            hub.callSoon(() -> log(out, hub, t0, "callSoon #1"));
            hub.callSoon(() -> log(out, hub, t0, "callSoon #2 (after #1: a FIFO queue)"));
            hub.callLater(0.2, () -> log(out, hub, t0, "callLater(0.2)"));
            hub.callLater(0.1, () -> {
                log(out, hub, t0, "callLater(0.1): writes 4 bytes to the pipe");
                write(pipe[1], buf);
            });
            hub.addReader(pipe[0], () -> {
                int n = read(pipe[0], buf);
                log(out, hub, t0, "reader: the pipe is readable, read " + n + " bytes");
                removeReader(hub, pipe[0]);
            });
            hub.callLater(0.3, () -> {
                log(out, hub, t0, "callLater(0.3): stop()");
                hub.stop();
                hub.callSoon(() -> log(out, hub, t0, "never printed: queued after stop, and the loop stopped"));
            });
            hub.runForever();
            log(out, hub, t0, "runForever returned");
        } finally {
            Libc.close(pipe[0]);
            Libc.close(pipe[1]);
        }
    }

    private static void log(PrintStream out, Hub hub, double t0, String what) {
        out.printf("%6.3f s  turn %d  %s%n", hub.time() - t0, hub.turns(), what);
    }

    private static void write(int fd, MemorySegment buf) {
        try {
            Libc.write(fd, buf, 4);
        } catch (ErrnoException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static int read(int fd, MemorySegment buf) {
        try {
            return Libc.read(fd, buf, 4, SyscallProbe.NONE);
        } catch (ErrnoException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void removeReader(Hub hub, int fd) {
        try {
            hub.removeReader(fd);
        } catch (ErrnoException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
