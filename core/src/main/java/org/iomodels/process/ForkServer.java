package org.iomodels.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.Poll;
import org.iomodels.sys.Socket;
import org.iomodels.sys.Spawn;
import org.iomodels.sys.SyscallProbe;
import org.iomodels.sys.UnixRights;

/**
 * The start methods, and Python's {@code forkserver} as a JVM can have it. A JVM cannot fork (its
 * threads would not follow), so the server here is one spare JVM, started ahead on the children's
 * command line ({@code ChildMain --spare}): it warms up a child's path and waits on a socketpair.
 * A child's start hands the warm spare its control channel and its task's descriptors
 * ({@code SCM_RIGHTS}) and the allowed classes, and another spare starts in its place. As with
 * Python's forkserver, the interpreter's start is paid before the child is asked for, and the
 * child is a fresh process that inherits only what it is given. When no warm spare waits the
 * child is spawned: the first start, a start less than about 0.9 s after the one before (a spare
 * starts once no child has started for 0.5 s, and is warm some 0.4 s later here), a spare that died. A spare ends at the
 * end of file on its socket when the parent dies, even killed; at the parent's exit, or a switch
 * to {@code spawn}, it is killed.
 */
final class ForkServer {
    static final Object LOCK = new Object();
    /** The largest hand-off message a spare reads (the allowed classes' patterns, and a byte). */
    static final int MAX_HANDOFF = 60 << 10;
    /** How long after the last start a spare starts. */
    static final long QUIET_MILLIS = 500;
    private static Spare waiting; // guarded by LOCK
    private static long due; // guarded by LOCK: when refillWhenQuiet starts the next spare
    private static boolean refilling; // guarded by LOCK: refillWhenQuiet's thread is waiting
    private static boolean exiting; // guarded by LOCK: the JVM is exiting, no spare starts
    private static boolean hooked; // guarded by LOCK

    /** A spare JVM: its pid and pidfd, the parent's end of its socket, and whether it has said it is warm. */
    static final class Spare {
        final int pid;
        final int pidfd;
        final int socket;
        boolean warm;

        Spare(int pid, int pidfd, int socket) {
            this.pid = pid;
            this.pidfd = pidfd;
            this.socket = socket;
        }
    }

    private ForkServer() {}

    /** The waiting spare's pid, 0 if none waits (for tests). */
    static int sparePid() {
        synchronized (LOCK) {
            return waiting == null ? 0 : waiting.pid;
        }
    }

    /** The waiting spare's pidfd, -1 if none waits (for tests: it is readable once the spare has ended). */
    static int sparePidfd() {
        synchronized (LOCK) {
            return waiting == null ? -1 : waiting.pidfd;
        }
    }

    /** Under LOCK: the start method is now spawn; the waiting spare, if any, is ended. */
    static void retireWaiting() {
        if (waiting != null) {
            retire(waiting);
            waiting = null;
        }
    }

    /**
     * The waiting spare if it is warm, taken, or null. A spare still starting is left to finish:
     * a child handed to it would wait for its JVM and its first use of the FFM (some 140 ms here,
     * which a spawned child does not pay), so that child is spawned instead. With no spare at all,
     * one starts for the next child.
     */
    static Spare take() {
        if (!StartMethod.get().equals(StartMethod.FORKSERVER)) {
            return null;
        }
        synchronized (LOCK) {
            Spare s = waiting;
            if (s != null && (s.warm || (s.warm = saidWarm(s)))) {
                waiting = null;
                return s;
            }
            if (waiting != null) {
                return null;
            }
        }
        refillLater();
        return null;
    }

    /**
     * {@link #refill} once no child has started for {@link #QUIET_MILLIS}, on a thread of its own: a
     * spare that starts while children are being spawned takes the cores they start on (on 2
     * cores here, a burst of starts took 1.5x longer with one), so a burst is spawned and its spare
     * comes after it.
     */
    private static void refillLater() {
        synchronized (LOCK) {
            due = System.nanoTime() + QUIET_MILLIS * 1_000_000L;
            if (!refilling && !exiting && StartMethod.FORKSERVER.equals(StartMethod.current)) {
                try {
                    Thread.ofPlatform().daemon().name("iomodels-forkserver").start(ForkServer::refillWhenQuiet);
                    refilling = true;
                } catch (OutOfMemoryError | RuntimeException e) {
                    // no thread to spare: no spare, children are spawned
                }
            }
        }
    }

    private static void refillWhenQuiet() {
        synchronized (LOCK) {
            try {
                for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                    LOCK.wait(wait / 1_000_000 + 1);
                }
                refill();
            } catch (InterruptedException e) {
                // no spare this time: the next start asks again
            } finally {
                refilling = false;
            }
        }
    }

    /** Starts a spare unless one waits or the start method is spawn; a spare that cannot start leaves the children spawned. */
    static void refill() {
        StartMethod.get(); // a bad property says so here
        synchronized (LOCK) {
            if (waiting != null || exiting || !StartMethod.FORKSERVER.equals(StartMethod.current)) {
                return;
            }
            try {
                waiting = spawnSpare();
            } catch (IOException | RuntimeException e) {
                // no spare: children are spawned, and say their own errors
            }
        }
    }

    /**
     * Hands {@code fds} (the control channel's two ends, then the task's descriptors) and the
     * allowed classes to {@code s}. False if the spare has died: it is then ended and reaped.
     */
    static boolean handOff(Spare s, int[] fds, String allowed) {
        byte[] a = allowed.getBytes(StandardCharsets.UTF_8);
        if (1 + a.length > MAX_HANDOFF) { // the spare could not read it: spawn this child, keep the spare
            synchronized (LOCK) {
                if (waiting == null && !exiting) {
                    waiting = s;
                } else {
                    retire(s);
                }
            }
            return false;
        }
        byte[] data = new byte[1 + a.length];
        data[0] = 1;
        System.arraycopy(a, 0, data, 1, a.length);
        try {
            UnixRights.send(s.socket, data, fds);
        } catch (ErrnoException | IllegalArgumentException e) {
            retire(s);
            refillLater();
            return false;
        } catch (RuntimeException | Error e) {
            retire(s);
            throw e;
        }
        closeQuietly(s.socket); // the spare has its message (and its "warm" was read: an unread message would reset its end)
        refillLater();
        return true;
    }

    /** Starts a spare if there is none and waits until it is warm, at most {@code timeoutSeconds}; true if one is. */
    static boolean awaitWarm(double timeoutSeconds) throws InterruptedException {
        long end = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (StartMethod.get().equals(StartMethod.FORKSERVER)) {
            refill();
            synchronized (LOCK) {
                Spare s = waiting;
                if (s != null && (s.warm || (s.warm = saidWarm(s)))) {
                    return true;
                }
            }
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** Whether the spare's one-byte "warm" message has come; a spare found dead is retired (and the next refill starts another). */
    private static boolean saidWarm(Spare s) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(Poll.POLLFD);
            Poll.set(fds, 0, s.socket, Poll.POLLIN);
            if (Poll.poll(fds, 1, 0, SyscallProbe.NONE) <= 0) { // nothing yet, or interrupted: not warm yet
                return false;
            }
            UnixRights.Message m = UnixRights.receive(s.socket, 16); // readable: it does not wait
            for (int fd : m.fds()) {
                closeQuietly(fd); // a spare sends none
            }
            if (m.data().length == 1) {
                return true;
            }
        } catch (ErrnoException e) {
            // a broken socket: as a dead spare
        }
        retire(s);
        if (waiting == s) {
            waiting = null;
        }
        return false;
    }

    private static Spare spawnSpare() throws IOException {
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("iomodels-forkserver-at-exit").unstarted(() -> {
                synchronized (LOCK) {
                    exiting = true;
                    if (waiting != null) {
                        retire(waiting);
                        waiting = null;
                    }
                }
            }));
        }
        int[] pair = Socket.socketpair(UnixRights.SOCK_SEQPACKET | Socket.SOCK_CLOEXEC);
        int pid;
        try {
            List<String> argv = new ArrayList<>(ChildCommand.argv());
            argv.add("--spare");
            pid = Spawn.spawn(argv, ChildCommand.env(), new int[] {pair[1]});
        } catch (IOException | RuntimeException e) {
            closeQuietly(pair[0]);
            throw e;
        } finally {
            closeQuietly(pair[1]);
        }
        try {
            return new Spare(pid, Spawn.pidfdOpen(pid), pair[0]);
        } catch (IOException | RuntimeException e) {
            closeQuietly(pair[0]); // the spare reads its end of file and halts (a zombie until this JVM exits: no pidfd to reap it by)
            Spawn.kill(pid);
            throw e;
        }
    }

    /** Ends a spare (its socket closed, SIGKILL) and reaps it on a thread of its own. */
    private static void retire(Spare s) {
        closeQuietly(s.socket);
        try {
            Spawn.signal(s.pidfd, Spawn.SIGKILL);
        } catch (ErrnoException e) {
            // ended already
        }
        Thread.ofPlatform().daemon().name("iomodels-spare-" + s.pid + "-reaper").start(() -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment fds = arena.allocate(Poll.POLLFD);
                for (int i = 0; i < 100 && Spawn.reap(s.pidfd) == null; i++) {
                    Poll.set(fds, 0, s.pidfd, Poll.POLLIN);
                    Poll.poll(fds, 1, 100, SyscallProbe.NONE);
                }
            } catch (ErrnoException e) {
                // reaped by nobody else: the pidfd is ours alone
            } finally {
                closeQuietly(s.pidfd);
            }
        });
    }

    private static void closeQuietly(int fd) {
        try {
            Libc.close(fd);
        } catch (ErrnoException e) {
            // released whatever close says
        }
    }
}
