package org.iomodels.green;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.SyscallProbe;

/**
 * The hub: one event loop per thread, run by a greenlet of its own, gevent's {@code Hub} with
 * asyncio's loop API. A greenlet that waits for something {@linkplain #park parks}: it switches
 * to the hub, whose loop runs callbacks (timers, ready descriptors, other threads' calls) until one
 * of them switches back to it. So one thread serves any number of greenlets, with no thread
 * switch and no lock: exactly one runs at a time, and it runs until it waits.
 *
 * <p>The loop ({@link HubLoop}) is the seeds' "message loop": {@link #callSoon} (FIFO),
 * {@link #callLater}/{@link #callAt} (in time order), {@link #addReader}/{@link #addWriter}
 * (epoll), {@link #callSoonThreadsafe} (any thread). {@link #runForever} runs it until
 * {@link #stop}, which lets the current batch of callbacks finish, as asyncio's does. When a
 * greenlet waits and nothing can ever wake one, the wait raises {@link LoopExit} naming it.
 */
public final class Hub implements AutoCloseable {
    private static final ThreadLocal<Hub> HUBS = new ThreadLocal<>();

    final Thread thread = Thread.currentThread(); // package-visible for the blocking monitor, as is closed
    private final HubLoop loop;
    private final Greenlet root = Greenlet.root();
    private final Greenlet greenlet;
    private final Parked parked = new Parked();
    /** A server's hub ({@link #open}): its loop runs on the root's own stack, so a wait and a wake-up cost one continuation switch each, not two. */
    private final boolean onRoot;
    volatile boolean closed;

    private Hub(SyscallProbe probe, boolean onRoot) {
        try {
            loop = new HubLoop(this::reportError, probe);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the hub's poller: " + e.getMessage(), e);
        }
        this.onRoot = onRoot;
        greenlet = onRoot ? root : new Greenlet(ignored -> loop.runAsGreenlet(root, parked), "Hub", root);
        BlockingMonitor.watch(this);
    }

    /** gevent's {@code max_blocking_time}: a greenlet that blocks a hub this long (0.1 s) is named on stderr. */
    public static void setMaxBlockingTime(double seconds) {
        BlockingMonitor.setMaxBlocking(seconds);
    }

    /** For the monitor: whether any greenlet waits (one could starve). */
    boolean hasWaiters() {
        return parked.any();
    }

    /** This thread's hub, made on first use. */
    public static Hub get() {
        Hub hub = HUBS.get();
        if (hub == null || hub.closed) {
            hub = new Hub(SyscallProbe.NONE, false);
            HUBS.set(hub);
        }
        return hub;
    }

    /**
     * Makes this thread's hub (it must have none) for a server: its poller's syscalls report to
     * {@code probe}, and its loop runs on the thread's root greenlet itself, by {@link #runForever}
     * only (nothing on this thread can wait for the loop from outside it).
     */
    public static Hub open(SyscallProbe probe) {
        Hub hub = HUBS.get();
        if (hub != null && !hub.closed) {
            throw new IllegalStateException("thread '" + Thread.currentThread().getName() + "' has a hub already");
        }
        hub = new Hub(probe, true);
        HUBS.set(hub);
        return hub;
    }

    HubLoop loop() {
        return loop;
    }

    /** This thread's hub if it has one (a close off any hub thread must not make one). */
    static Hub existing() {
        Hub hub = HUBS.get();
        return hub == null || hub.closed ? null : hub;
    }

    /** The hub's greenlet: the parent of every spawned greenlet. */
    public Greenlet greenlet() {
        return greenlet;
    }

    /** The loop's clock, in seconds ({@link System#nanoTime} based: only differences mean anything). */
    public double time() {
        return System.nanoTime() / 1e9;
    }

    /** How many turns the loop has begun: each polls, then runs the callbacks that were ready then. */
    public long turns() {
        return loop.turns();
    }

    /** Runs {@code callback} on a next turn of the loop, after those scheduled before it. */
    public Handle callSoon(Runnable callback) {
        return loop.callSoon(owned(callback));
    }

    /** As {@link #callSoon}, from any thread; wakes the loop if it waits. */
    public Handle callSoonThreadsafe(Runnable callback) {
        if (callback == null) {
            throw new IllegalArgumentException("callback must not be null");
        }
        return loop.callSoonThreadsafe(callback);
    }

    /** Runs {@code callback} {@code delaySeconds} from now (at once if not positive); timers due together run in the order they were made. */
    public Handle callLater(double delaySeconds, Runnable callback) {
        if (Double.isNaN(delaySeconds)) {
            throw new IllegalArgumentException("delay must be a number of seconds, not NaN");
        }
        return callAt(time() + delaySeconds, callback);
    }

    /** Runs {@code callback} at {@link #time} {@code when}. */
    public Handle callAt(double when, Runnable callback) {
        if (Double.isNaN(when)) {
            throw new IllegalArgumentException("when must be a time in seconds, not NaN");
        }
        return loop.callAt((long) (when * 1e9), owned(callback));
    }

    /** Calls {@code callback} on every turn while {@code fd} is readable, until {@link #removeReader}. */
    public void addReader(int fd, Runnable callback) throws ErrnoException {
        loop.watch(fd, owned(callback), true);
    }

    /** Calls {@code callback} on every turn while {@code fd} is writable, until {@link #removeWriter}. */
    public void addWriter(int fd, Runnable callback) throws ErrnoException {
        loop.watch(fd, owned(callback), false);
    }

    /** Stops watching {@code fd} for reading; false if it was not watched. */
    public boolean removeReader(int fd) throws ErrnoException {
        return owned(loop).unwatch(fd, true, false);
    }

    public boolean removeWriter(int fd) throws ErrnoException {
        return owned(loop).unwatch(fd, false, false);
    }

    /**
     * Runs {@code fn} on a thread of the pool shared by every hub and parks the current greenlet
     * until it returns; returns its result or raises its exception (gevent's threadpool). For a
     * call that would block the hub: plain blocking I/O, a name lookup.
     */
    public <T> T runInThreadPool(java.util.concurrent.Callable<T> fn) {
        return ThreadPool.run(this, fn);
    }

    /** A future of this hub (its callbacks run through {@link #callSoon}). */
    public <T> Future<T> createFuture() {
        return new Future<>(this);
    }

    /** Runs the loop until {@link #stop}; waits for other threads' calls when it has nothing to do. From the thread's root greenlet. */
    public void runForever() {
        enterFromRoot("runForever");
        loop.forever = true;
        loop.running = true;
        try {
            if (onRoot) {
                loop.runOnRoot();
            } else {
                greenlet.switchTo(null);
            }
        } finally {
            loop.forever = false;
            loop.running = false;
        }
    }

    /**
     * Runs the loop until {@code future} is done and returns its result (raises its exception).
     * If nothing is left that could complete it, raises {@link LoopExit} instead of waiting for ever.
     */
    public <T> T runUntilComplete(Future<T> future) {
        enterFromRoot("runUntilComplete");
        if (onRoot) {
            throw new IllegalStateException("a server's hub (Hub.open) runs by runForever only");
        }
        if (!future.done()) {
            java.util.function.Consumer<Future<T>> stopper = f -> stop();
            future.addDoneCallback(stopper);
            loop.running = true;
            try {
                park("runUntilComplete(" + future + ")");
            } finally {
                loop.running = false;
                future.removeDoneCallback(stopper); // ended by LoopExit: it must not stop a later run
            }
        }
        if (!future.done()) {
            throw new IllegalStateException("the loop stopped before " + future + " was done");
        }
        return future.result();
    }

    /** Stops {@link #runForever} after the batch of callbacks running now (or, called before, after one turn). */
    public void stop() {
        loop.stopping = true;
    }

    /**
     * Switches from the current greenlet to the hub until a callback switches back, and returns
     * what it passed. {@code what} names the wait for a {@link LoopExit}: {@code "Event.wait()"}.
     * The hub itself cannot park (a callback must not block).
     */
    public Object park(String what) {
        Greenlet me = Greenlet.current();
        if (me == greenlet) {
            throw new IllegalStateException("a hub callback cannot wait (" + what + "): only greenlets can"
                    + " (gevent's BlockingSwitchOutError)");
        }
        if (me.thread() != thread) {
            throw new IllegalStateException("greenlet " + me.name() + " of thread '" + me.thread().getName()
                    + "' cannot wait on the hub of thread '" + thread.getName() + "'");
        }
        parked.add(me, what);
        try {
            return greenlet.switchTo(null);
        } finally {
            parked.remove(me);
        }
    }

    /** Keeps the loop alive while a call from another thread is due (a thread-pool task): see {@link HubLoop#ref}. */
    void ref() {
        loop.ref();
    }

    void unref() {
        loop.unref();
    }

    /** Prints an exception that nobody will receive (a failed callback or greenlet) once, and the hub goes on. */
    void reportError(String where, Throwable e) {
        System.err.println("iomodels hub [" + thread.getName() + "]: " + where + " failed with " + e);
        e.printStackTrace();
    }

    private void enterFromRoot(String call) {
        owned(this);
        if (Greenlet.current() != root || loop.running) {
            throw new IllegalStateException(call + " runs the loop from the thread's main greenlet, not from "
                    + Greenlet.current().name() + " (the hub is already running)");
        }
    }

    private <T> T owned(T value) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("the hub of thread '" + thread.getName() + "' was called from thread '"
                    + Thread.currentThread().getName() + "': use callSoonThreadsafe");
        }
        if (value == null) {
            throw new IllegalArgumentException("callback must not be null");
        }
        return value;
    }

    /** Closes the poller; the thread's next {@link #get} makes a new hub. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            loop.close();
            if (HUBS.get() == this) {
                HUBS.remove();
            }
        }
    }
}
