package org.iomodels.engine.loop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.iomodels.engine.base.AbstractServer;
import org.iomodels.poller.Poller;
import org.iomodels.server.IdleTimeoutException;
import org.iomodels.sys.SyscallCounters;
import org.iomodels.sys.SyscallProbe;

/**
 * One event-loop thread: it waits on a readiness mechanism (the subclass's), dispatches what is
 * ready to its connections, runs tasks other threads hand it, and closes idle connections.
 * Everything a loop owns is touched by its thread only; other threads talk to it through
 * {@link #execute}, which wakes the wait.
 */
public abstract class EventLoop implements Runnable, OutputOwner {
    /** Size of the loop's read buffer: one read takes at most this much. */
    public static final int READ_BUFFER = AbstractServer.READ_BUFFER;

    static {
        // A loop's first timed wait may be the retry of an accept paused at EMFILE, when no class
        // file can be opened: load the timeout conversion now (FdExhaustionTest caught it).
        Poller.toMillis(0);
    }

    public final AbstractServer server;
    public final SyscallCounters counters;
    /** Where this loop's syscalls report: its counters, or a trace over them ({@link AbstractServer#probe}). */
    public final SyscallProbe probe;
    public final Set<LoopConn> conns = new LinkedHashSet<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final long idleNanos;
    private long nextIdleScan;
    private boolean acceptPaused;
    private long acceptResumeAt;
    private final LoopTimers timers = new LoopTimers();
    private Thread thread;
    private volatile boolean stopping;

    public EventLoop(AbstractServer server) {
        this.server = server;
        this.counters = server.newCounters();
        this.probe = server.probe(counters);
        this.idleNanos = server.config.idleTimeout() == null ? 0 : server.config.idleTimeout().toNanos();
    }

    /** The buffer reads land in; {@link LoopConn} hands a view of it to the handler. */
    public abstract ByteBuffer readBuffer();

    /** Waits at most {@code timeoutNanos} (negative: no limit) and dispatches what is ready. */
    public abstract void waitAndDispatch(long timeoutNanos) throws IOException;

    /** Makes a wait in progress (or the next one) return at once. Any thread. */
    public abstract void wakeup();

    /** Stops watching the listener (accepting is paused). The acceptor loop's thread. */
    public void stopAccepting() {}

    /** Watches the listener again once a pause is over. The acceptor loop's thread. */
    public void resumeAccepting() {}

    /**
     * Pauses accepting for {@code nanos}: the process is out of descriptors (EMFILE/ENFILE), and
     * retrying at once would spin. A pause already under way is extended. Loop thread.
     */
    public final void pauseAccepting(long nanos) {
        acceptResumeAt = System.nanoTime() + nanos;
        if (!acceptPaused) {
            acceptPaused = true;
            stopAccepting();
        }
    }

    public final boolean acceptPaused() {
        return acceptPaused;
    }

    /** Nanos until the accept pause ends or the next timer is due, or Long.MAX_VALUE. */
    private long nextTimerNanos(long now) {
        long pause = acceptPaused ? Math.max(0, acceptResumeAt - now) : Long.MAX_VALUE;
        return Math.min(pause, timers.nanosUntilNext(now));
    }

    private void runTimers(long now) {
        if (acceptPaused && now - acceptResumeAt >= 0) {
            acceptPaused = false;
            resumeAccepting();
        }
        timers.runDue(now, e -> server.log("a timer on the event loop threw " + e));
    }

    /** Runs {@code task} on this loop's thread {@code delayNanos} from now, from the loop's timer heap. Any thread. */
    @Override
    public void callLater(long delayNanos, Runnable task) {
        long at = System.nanoTime() + delayNanos;
        if (inLoop()) {
            timers.add(at, task);
        } else {
            execute(() -> timers.add(at, task));
        }
    }

    /** Releases the mechanism's resources; the loop thread calls it once, last. */
    public abstract void closeMechanism();

    public void start(String name) {
        thread = Thread.ofPlatform().name(name).start(this);
    }

    @Override
    public final SyscallProbe probe() {
        return probe;
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on this loop's thread, soon. Any thread. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            wakeup();
        }
    }

    /** Asks the loop to close its connections and end; {@link #join} waits for it. */
    public void stop() {
        stopping = true;
        if (!inLoop()) {
            wakeup();
        }
    }

    public void join(long millis) throws InterruptedException {
        if (thread != null) {
            thread.join(millis);
        }
    }

    public boolean isAlive() {
        return thread != null && thread.isAlive();
    }

    public boolean idleTimeoutEnabled() {
        return idleNanos > 0;
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                // Clear the flag before draining: a task added after this point wakes the next wait.
                wakeupPending.set(false);
                runTasks();
                long now = System.nanoTime();
                long timeout = tasks.isEmpty() ? timeoutNanos(now) : 0;
                waitAndDispatch(timeout);
                now = System.nanoTime();
                runTimers(now);
                if (idleNanos > 0 && now - nextIdleScan >= 0) {
                    closeIdle(now);
                }
            }
        } catch (Throwable t) {
            server.log("event loop " + Thread.currentThread().getName() + " failed: " + t);
        } finally {
            runTasks(); // connections handed over while stopping are registered, then closed below
            IOException stopped = new IOException("server stopped");
            for (LoopConn c : new ArrayList<>(conns)) {
                c.closeNow(stopped);
            }
            timers.clear();
            closeMechanism();
            server.retire(counters);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                server.log("a task on the event loop threw " + e);
            }
        }
    }

    private long timeoutNanos(long now) {
        long timeout = nextTimerNanos(now);
        if (idleNanos > 0) {
            timeout = Math.min(timeout, Math.max(0, nextIdleScan - now));
        }
        return timeout == Long.MAX_VALUE ? -1 : timeout;
    }

    private void closeIdle(long now) {
        IdleTimeoutException idle = null;
        for (LoopConn c : new ArrayList<>(conns)) {
            if (now - c.lastActive > idleNanos) {
                if (idle == null) {
                    idle = new IdleTimeoutException(server.config.idleTimeout());
                }
                c.closeNow(idle);
            }
        }
        // Scan four times per timeout: a connection lives at most 1.25 x the timeout when idle.
        nextIdleScan = now + Math.max(idleNanos / 4, 1_000_000);
    }
}
