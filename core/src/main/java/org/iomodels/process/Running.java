package org.iomodels.process;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.Poll;
import org.iomodels.sys.Spawn;
import org.iomodels.sys.SyscallProbe;

/**
 * A started {@link ChildProcess}, on the parent's side (a spawned JVM, or the {@link ForkServer}'s
 * spare given its task): the child's pid and pidfd, the control
 * channel (two pipes, the child's descriptors 3 and 4: the task goes down, the child's exception
 * comes back, and the end of file on the way down tells the child its parent has gone), and a
 * watcher thread that reads what the child sends, then waits on the pidfd and reaps the child, so
 * {@link #exit} is known the moment it ends. (A spawned child has the control channel at 3 and 4; a
 * spare gets both ends by {@code SCM_RIGHTS}.) At the parent's exit its daemon children are
 * terminated (SIGKILL after 1 s) and the others joined.
 */
final class Running {
    private static final Set<Running> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("iomodels-children-at-exit").unstarted(Running::atExit));
    }

    final ChildProcess process;
    final int pid;
    private final int pidfd;
    private final Connection control;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Integer exit;
    private volatile ChildError error;

    private Running(ChildProcess process, int pid, int pidfd, Connection control) {
        this.process = process;
        this.pid = pid;
        this.pidfd = pidfd;
        this.control = control;
    }

    static Running start(ChildProcess p) throws IOException {
        byte[][] task = new byte[1][];
        List<Integer> fds;
        try {
            fds = Inherited.collect(() -> task[0] = JavaCodec.DEFAULT.encode(p));
        } catch (IOException e) {
            throw new IOException("cannot send " + p.name() + " to its child: " + e, e);
        }
        if (task[0].length > Connection.DEFAULT_MAX_FRAME) {
            throw new IllegalArgumentException(p.name() + " and its arguments serialize to " + task[0].length
                    + " bytes, over the " + Connection.DEFAULT_MAX_FRAME + " a child's task may have: pass big data through a Queue or a Pipe");
        }
        int[] down = Libc.pipe2(Libc.O_CLOEXEC); // the task goes down; the child's end of file on it: the parent has gone
        int[] up;
        try {
            up = Libc.pipe2(Libc.O_CLOEXEC); // the child's exception comes up; end of file: the child is ending
        } catch (IOException e) {
            closeQuietly(down[0]);
            closeQuietly(down[1]);
            throw e;
        }
        int pid;
        int pidfd = -1;
        try {
            ForkServer.Spare spare = 2 + fds.size() <= org.iomodels.sys.UnixRights.MAX_FDS ? ForkServer.take() : null; // else spawned with them all
            int[] give = new int[2 + fds.size()];
            give[0] = down[0];
            give[1] = up[1];
            for (int i = 0; i < fds.size(); i++) {
                give[2 + i] = fds.get(i);
            }
            if (spare != null && ForkServer.handOff(spare, give, JavaCodec.allowedByUser())) {
                pid = spare.pid;
                pidfd = spare.pidfd;
            } else {
                pid = Spawn.spawn(ChildCommand.argv(), ChildCommand.env(), give);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(down[1]);
            closeQuietly(up[0]);
            throw e;
        } finally {
            closeQuietly(down[0]);
            closeQuietly(up[1]);
        }
        Running r;
        try {
            r = new Running(p, pid, pidfd >= 0 ? pidfd : Spawn.pidfdOpen(pid), new Connection(up[0], down[1]));
        } catch (IOException | RuntimeException e) {
            closeQuietly(up[0]);
            closeQuietly(down[1]);
            Spawn.kill(pid); // by its pid, which nobody has reaped, so it is still ours
            if (pidfd >= 0) {
                closeQuietly(pidfd);
            }
            throw e;
        }
        LIVE.add(r);
        Thread.ofPlatform().daemon().name("iomodels-child-" + pid + "-watcher").start(r::watch); // first: it reaps whatever follows
        try {
            r.control.sendBytes(task[0]);
        } catch (IOException | RuntimeException e) {
            r.signal(Spawn.SIGKILL); // a child without its task would wait for it for ever
            if (!(e instanceof EOFException) && !r.control.isClosed()) {
                throw e;
            }
            // EOF, or the channel closed by the watcher: the child ended before reading its task; the watcher reports how
        }
        return r;
    }

    private void watch() {
        try {
            while (true) {
                if (control.recv() instanceof ChildError e) {
                    error = e;
                }
            }
        } catch (EOFException eof) {
            // the child has closed its end: it is ending
        } catch (IOException | RuntimeException | Error e) {
            System.err.println("iomodels: the control channel of " + process.name() + " (pid " + pid + ") failed: " + e);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(Poll.POLLFD);
            Spawn.Exit e;
            while ((e = Spawn.reap(pidfd)) == null) {
                Poll.set(fds, 0, pidfd, Poll.POLLIN);
                Poll.poll(fds, 1, -1, SyscallProbe.NONE);
            }
            exit = e.signal() > 0 ? -e.signal() : jvmSignalExit(e.code());
        } catch (IOException e) {
            System.err.println("iomodels: cannot wait for " + process.name() + " (pid " + pid + "): " + e.getMessage());
            exit = Integer.MIN_VALUE;
        } finally {
            synchronized (this) {
                closeQuietly(pidfd);
            }
            control.close();
            LIVE.remove(this);
            ended.countDown();
        }
    }

    /**
     * A JVM ends on SIGHUP, SIGINT and SIGTERM by running its shutdown hooks and exiting with 128 +
     * the signal: reported as minus the signal, as Python reports a child a signal ended.
     */
    static int jvmSignalExit(int code) {
        return code == 128 + 1 || code == 128 + 2 || code == 128 + Spawn.SIGTERM ? -(code - 128) : code;
    }

    Integer exit() {
        return exit;
    }

    ChildError error() {
        return ended.getCount() == 0 ? error : null;
    }

    boolean join(double timeoutSeconds) throws InterruptedException {
        if (timeoutSeconds < 0) {
            ended.await();
            return true;
        }
        return ended.await((long) (timeoutSeconds * 1e9), TimeUnit.NANOSECONDS);
    }

    /** Signals the child unless it has ended (and been reaped: the pidfd then names no process). */
    synchronized void signal(int sig) throws ErrnoException {
        if (ended.getCount() > 0 && exit == null) {
            Spawn.signal(pidfd, sig);
        }
    }

    private static void atExit() {
        for (Running r : LIVE) {
            if (r.process.daemon()) {
                try {
                    r.signal(Spawn.SIGTERM);
                } catch (ErrnoException e) {
                    // ended meanwhile
                }
            }
        }
        for (Running r : LIVE) {
            try {
                if (r.process.daemon()) {
                    if (!r.join(1)) {
                        r.signal(Spawn.SIGKILL);
                        r.join(1);
                    }
                } else {
                    r.join(-1); // as Python's parent does at exit: its non-daemon children finish first
                }
            } catch (InterruptedException | ErrnoException e) {
                return;
            }
        }
    }

    private static void closeQuietly(int fd) {
        try {
            Libc.close(fd);
        } catch (ErrnoException e) {
            // released whatever close says
        }
    }
}
