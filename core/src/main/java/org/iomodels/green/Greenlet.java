package org.iomodels.green;

import jdk.internal.vm.Continuation;

/**
 * A greenlet: a coroutine with Python greenlet's semantics, switched explicitly, on one thread.
 *
 * <p>{@link #switchTo} resumes the target and returns what the next switch back to the caller
 * passes in; the first switch to a greenlet starts its {@link Run} with the value passed. When
 * the run returns, its result goes to the {@link #parent} (the parent's pending switch returns it);
 * an exception it raises is raised in the parent instead, except {@link GreenletExit}, which the
 * parent receives as the value. A switch to a dead greenlet goes to its nearest live ancestor.
 * Every thread has a root greenlet, its own stack ({@link #current()} there before any switch),
 * and a greenlet belongs to the thread that made it: exactly one greenlet of a thread runs at a
 * time, and a switch from another thread is refused with an error, never a hang.
 *
 * <p>The mechanism is the JDK's own one-shot delimited continuation, {@code jdk.internal.vm.Continuation}
 * (what virtual threads run on): a switch freezes the caller's frames into the heap and thaws the
 * target's, without a thread switch. It needs {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}
 * at compile and run time. A greenlet cannot switch away while its frames hold a monitor in a way
 * the JDK cannot freeze, or from inside a native call: the switch then fails with an
 * {@link IllegalStateException} naming why, and nothing moves.
 */
public class Greenlet {
    /** A greenlet's body: called with the value of the first switch to it; its result goes to the parent. */
    @FunctionalInterface
    public interface Run {
        Object run(Object arg) throws Exception;
    }

    static { // before anything touches jdk.internal.vm, so that a missing flag gets a sentence, not an IllegalAccessError
        if (!Object.class.getModule().isExported("jdk.internal.vm", Greenlet.class.getModule())) {
            throw new IllegalStateException("greenlets run on the JDK's continuations (jdk.internal.vm): start the JVM with"
                    + " --add-exports java.base/jdk.internal.vm=ALL-UNNAMED (./iomodels does)");
        }
    }

    private static final ThreadLocal<Switcher> SWITCHERS = ThreadLocal.withInitial(Switcher::new);

    private final Switcher switcher;
    private final Run runFn; // null for a root, or a subclass that overrides run
    private final Continuation frames; // null for a thread's root
    private final String name; // null: "Greenlet-" + id, made when asked (100,000 spawns need no strings)
    private final int id;
    private Greenlet parent;
    // While parked on its hub: what it waits on, and its neighbours in the hub's list of waits (Hub.park).
    String waitingOn;
    Greenlet waitPrev;
    Greenlet waitNext;
    private boolean started;
    private boolean dead;

    /** A greenlet that will call {@code run}, child of the current greenlet. */
    public Greenlet(Run run) {
        this(run, null, null);
    }

    /** As {@link #Greenlet(Run)}, named (names show in errors and in the hub's reports), with {@code parent} (null: the current greenlet). */
    public Greenlet(Run run, String name, Greenlet parent) {
        this(name, parent, run);
        if (run == null) {
            throw new IllegalArgumentException("a greenlet needs something to run");
        }
    }

    /** For a subclass that overrides {@link #run}. */
    protected Greenlet(String name, Greenlet parent) {
        this(name, parent, null);
    }

    private Greenlet(String name, Greenlet parent, Run run) {
        this.switcher = SWITCHERS.get();
        this.runFn = run;
        this.name = name;
        this.id = switcher.nextId++;
        this.frames = GreenletFrames.create(this::runFrames);
        setParent(parent != null ? parent : switcher.current);
    }

    /** Called when a throwInto ends the greenlet before its body ran: nothing here. */
    protected void diedBeforeRunning(Throwable cause) {}

    /** The greenlet's body: by default the {@link Run} it was made with. */
    protected Object run(Object arg) throws Exception {
        if (runFn == null) {
            throw new IllegalStateException(getClass().getName() + " must override run");
        }
        return runFn.run(arg);
    }

    private Greenlet(Switcher switcher) { // a thread's root
        this.switcher = switcher;
        this.runFn = null;
        this.frames = null;
        this.name = "main";
        this.id = 0;
        this.started = true;
    }

    /** This thread's root greenlet: its own stack, the one that runs the others. */
    static Greenlet root() {
        return SWITCHERS.get().root;
    }

    /** The greenlet running now on this thread (its root if no switch was made). */
    public static Greenlet current() {
        return SWITCHERS.get().current;
    }

    /**
     * Switches to this greenlet, passing {@code value}: starts it, or resumes its pending switch,
     * which returns {@code value}. Returns what the next switch back to the caller passes in (or
     * raises what is thrown into it). Switching to oneself returns {@code value} at once.
     */
    public final Object switchTo(Object value) {
        return transfer(value, null);
    }

    /**
     * Raises {@code error} in this greenlet at its pending switch (a {@link GreenletExit} when
     * null) and switches to it; a greenlet not started yet dies at once without running, and the
     * error goes to its parent. Returns as {@link #switchTo} does.
     */
    public final Object throwInto(Throwable error) {
        return transfer(null, error != null ? error : new GreenletExit());
    }

    /** The greenlet that receives this one's result or exception; null for a thread's root. */
    public final Greenlet parent() {
        return parent;
    }

    /** Changes the parent: a greenlet of the same thread, and no cycle (a greenlet cannot be its own ancestor). */
    public final void setParent(Greenlet newParent) {
        if (frames == null) {
            throw new IllegalArgumentException("the root greenlet of a thread has no parent");
        }
        if (newParent == null) {
            throw new IllegalArgumentException("a greenlet's parent cannot be null");
        }
        if (newParent.switcher != switcher) {
            throw new IllegalArgumentException(this + ": parent " + newParent + " belongs to another thread ("
                    + newParent.switcher.thread.getName() + ")");
        }
        for (Greenlet g = newParent; g != null; g = g.parent) {
            if (g == this) {
                throw new IllegalArgumentException("cyclic parent chain: " + newParent + " descends from " + this);
            }
        }
        parent = newParent;
    }

    /** Whether the greenlet has finished (returned or raised); a greenlet never started is not dead. */
    public final boolean isDead() {
        return dead;
    }

    /** Whether it has started and not finished (Python's {@code bool(g)}). */
    public final boolean isActive() {
        return started && !dead;
    }

    public final String name() {
        return name != null ? name : "Greenlet-" + id;
    }

    /** Switches made on this greenlet's thread so far (read from another thread: the blocking monitor). */
    final long switchesOnItsThread() {
        return (long) SWITCHES.getOpaque(switcher);
    }

    private static final java.lang.invoke.VarHandle SWITCHES;

    static {
        try {
            SWITCHES = java.lang.invoke.MethodHandles.lookup().findVarHandle(Switcher.class, "switches", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The greenlet running now on this greenlet's thread (read from another thread: the blocking monitor). */
    final Greenlet runningOnItsThread() {
        return switcher.current;
    }

    /** The thread this greenlet runs on. */
    public final Thread thread() {
        return switcher.thread;
    }

    @Override
    public String toString() {
        return "<Greenlet " + name() + (dead ? " dead" : started ? " active" : " unstarted") + ">";
    }

    private Object transfer(Object value, Throwable error) {
        Switcher s = switcher;
        if (Thread.currentThread() != s.thread) {
            throw new IllegalStateException("cannot switch to " + this + " of thread '" + s.thread.getName()
                    + "' from thread '" + Thread.currentThread().getName() + "': a greenlet runs on its own thread only");
        }
        Greenlet from = s.current;
        Greenlet to = this;
        while (to.dead) {
            to = to.parent; // a dead greenlet's switch goes to its nearest live ancestor; a root never dies
        }
        if (to == from) {
            if (error != null) {
                throw Sneaky.raise(error);
            }
            return value;
        }
        s.target = to;
        s.value = value;
        s.error = error;
        if (from.frames == null) {
            s.drive(from);
        } else {
            try {
                GreenletFrames.yieldToRoot();
            } catch (IllegalStateException pinned) {
                s.target = null;
                s.value = null;
                s.error = null;
                throw pinned;
            }
        }
        return s.receive();
    }

    /** What a greenlet's frames run: the body, then its outcome handed to the live parent. */
    private void runFrames() {
        Switcher s = switcher;
        Object result = null;
        Throwable failure = null;
        try {
            Object arg;
            try {
                arg = s.receive();
            } catch (Throwable t) { // thrown into before it ran
                diedBeforeRunning(t);
                throw t;
            }
            result = run(arg);
        } catch (GreenletExit exit) {
            result = exit;
        } catch (Throwable t) {
            failure = t;
        }
        dead = true;
        Greenlet to = parent;
        while (to.dead) {
            to = to.parent;
        }
        s.target = to;
        s.value = result;
        s.error = failure;
    }

    /** Runs greenlets for a thread: the target of each switch, on the root's stack, until the root's turn comes. */
    private static final class Switcher {
        final Thread thread = Thread.currentThread();
        final Greenlet root = new Greenlet(this);
        Greenlet current = root;
        Greenlet target;
        Object value;
        Throwable error;
        int nextId = 1;
        long switches; // plain: written by this thread only, on the hot path; read opaquely by the monitor

        void drive(Greenlet root) {
            for (;;) {
                switches++; // every switch on this thread passes here; BlockingMonitor watches it move
                Greenlet g = target;
                current = g;
                if (g == root) {
                    return;
                }
                g.started = true;
                g.frames.run(); // until g switches elsewhere (it yields here) or its body ends
            }
        }

        /** The value or the error of the switch that resumed the current greenlet (taken once). */
        Object receive() {
            Object v = value;
            Throwable e = error;
            value = null;
            error = null;
            target = null;
            if (e != null) {
                throw Sneaky.raise(e);
            }
            return v;
        }
    }
}
