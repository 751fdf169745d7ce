package org.iomodels.process;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;
import org.iomodels.process.Tasks.Task0;
import org.iomodels.process.Tasks.Task1;
import org.iomodels.process.Tasks.Task2;
import org.iomodels.process.Tasks.Task3;

/**
 * Python's {@code multiprocessing.Process}, named so as not to be taken for {@code java.lang.Process}:
 * a function run in another JVM on this one's class path and options: a spare started ahead
 * (Python's {@code forkserver} start method, the default) or a new one ({@code spawn}): see
 * {@link #setStartMethod}. Give it a {@link Tasks} function and its arguments, or subclass it and override
 * {@link #run}; the object (with its arguments, or the subclass's fields) is serialized to the
 * child, so everything in it must be serializable, and a {@link Connection} among them reaches the
 * child as a descriptor of its own (see {@link Pipe}).
 *
 * <pre>{@code
 * Pipe pipe = Pipe.open();
 * ChildProcess p = new ChildProcess((Connection c) -> c.send("balabala"), pipe.two());
 * p.start();
 * System.out.println(pipe.one().recv());
 * p.join();
 * }</pre>
 *
 * <p>{@link #exitCode} is the child's exit status, 1 if {@code run} threw (the child prints the
 * stack trace on its stderr, and {@link #exception} gives it to the parent), or minus the signal
 * that ended it. A {@linkplain #daemon daemon} child ends when its parent does, even when the
 * parent is killed (it watches its control channel, which the kernel closes with the parent);
 * at the parent's normal exit its daemon children are terminated and the others joined, as
 * Python does.
 */
public class ChildProcess implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final AtomicInteger NUMBER = new AtomicInteger();

    private final Task0 body;
    private String name;
    private boolean daemon;
    private transient volatile Running running;

    /** For a subclass that overrides {@link #run}. */
    protected ChildProcess() {
        this.body = null;
        this.name = "ChildProcess-" + NUMBER.incrementAndGet();
    }

    public ChildProcess(Task0 target) {
        this.body = java.util.Objects.requireNonNull(target, "target");
        this.name = "ChildProcess-" + NUMBER.incrementAndGet();
    }

    public <A> ChildProcess(Task1<A> target, A a) {
        this(bind1(target, a));
    }

    public <A, B> ChildProcess(Task2<A, B> target, A a, B b) {
        this(bind2(target, a, b));
    }

    public <A, B, C> ChildProcess(Task3<A, B, C> target, A a, B b, C c) {
        this(bind3(target, a, b, c));
    }

    // Classes, not lambdas: a child deserializes a lambda by spinning a class for it (10-20 ms
    // here), and the user's own target is one already.
    private static <A> Task0 bind1(Task1<A> t, A a) {
        return new Bound(java.util.Objects.requireNonNull(t, "target"), a, null, null, 1);
    }

    private static <A, B> Task0 bind2(Task2<A, B> t, A a, B b) {
        return new Bound(java.util.Objects.requireNonNull(t, "target"), a, b, null, 2);
    }

    private static <A, B, C> Task0 bind3(Task3<A, B, C> t, A a, B b, C c) {
        return new Bound(java.util.Objects.requireNonNull(t, "target"), a, b, c, 3);
    }

    /** A target and its arguments. */
    private record Bound(Serializable target, Object a, Object b, Object c, int arity) implements Task0 {
        @Override
        @SuppressWarnings("unchecked")
        public void run() throws Exception {
            switch (arity) {
                case 1 -> ((Task1<Object>) target).run(a);
                case 2 -> ((Task2<Object, Object>) target).run(a, b);
                default -> ((Task3<Object, Object, Object>) target).run(a, b, c);
            }
        }
    }

    /** What the child runs: the target with its arguments. A subclass overrides it. */
    public void run() throws Exception {
        if (body == null) {
            throw new IllegalStateException(getClass().getName() + " neither has a target nor overrides run()");
        }
        body.run();
    }

    /**
     * Makes the JDK's AOT cache for children now, if it is to be made (a class path of jars, a JDK
     * of 25 or later) and is not there yet, and, with the forkserver start method, a warm spare JVM;
     * waits for them at most {@code timeoutSeconds}: for a program, or a benchmark, that wants its
     * next child to start as fast as a child can. True if children will map a cache or a warm spare waits.
     */
    public static boolean prepareStartup(double timeoutSeconds) throws InterruptedException {
        long end = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        boolean aot = ChildCommand.prepareAot(timeoutSeconds);
        return ForkServer.awaitWarm(Math.max(0, (end - System.nanoTime()) / 1e9)) || aot;
    }

    /**
     * Python's {@code set_start_method}: {@code "forkserver"} (the default, as on Linux since Python
     * 3.14) starts a child in a spare JVM started and warmed ahead, which is then replaced;
     * {@code "spawn"} starts each child in a new JVM. A JVM cannot {@code fork}. The system property
     * {@code iomodels.process.start} sets it at launch. Switching to spawn ends the spare.
     */
    public static void setStartMethod(String method) {
        StartMethod.set(method);
    }

    /** Python's {@code get_start_method}. */
    public static String getStartMethod() {
        return StartMethod.get();
    }

    /** Python's {@code get_all_start_methods}: the default first. */
    public static java.util.List<String> getAllStartMethods() {
        return java.util.List.of(StartMethod.FORKSERVER, StartMethod.SPAWN);
    }

    /** Starts the child; once only. The call returns when the child has been spawned and handed its task. */
    public final synchronized void start() throws IOException {
        if (running != null) {
            throw new IllegalStateException(name + " was started already: a process starts once");
        }
        if (ChildMain.current() == this) {
            throw new IllegalStateException("a child cannot start itself");
        }
        running = Running.start(this);
    }

    /** Waits for the child to end, at most {@code timeoutSeconds} (negative: no limit); true if it has ended. */
    public final boolean join(double timeoutSeconds) throws InterruptedException {
        return started("join").join(timeoutSeconds);
    }

    /** Waits for the child to end. */
    public final void join() throws InterruptedException {
        join(-1);
    }

    public final boolean isAlive() {
        Running r = running;
        return r != null && r.exit() == null;
    }

    /** Sends SIGTERM (the child's shutdown hooks run, then it exits; {@link #exitCode} -15 if it did not catch it). */
    public final void terminate() throws IOException {
        started("terminate").signal(org.iomodels.sys.Spawn.SIGTERM);
    }

    /** Sends SIGKILL: the child ends at once ({@link #exitCode} -9). */
    public final void kill() throws IOException {
        started("kill").signal(org.iomodels.sys.Spawn.SIGKILL);
    }

    /** The exit status, minus the signal that ended the child, or null while it runs (or before it starts). */
    public final Integer exitCode() {
        Running r = running;
        return r == null ? null : r.exit();
    }

    /** What {@link #run} threw in the child, with the child's stack trace; null if it did not (or has not yet). */
    public final ChildError exception() {
        Running r = running;
        return r == null ? null : r.error();
    }

    /**
     * How a child ended, as messages say it: {@code exit code 1}, or {@code signal 9 (SIGKILL)}
     * for an {@link #exitCode} below 0.
     */
    public static String describeExit(int exitCode) {
        if (exitCode >= 0) {
            return "exit code " + exitCode;
        }
        String name = switch (-exitCode) {
            case 2 -> " (SIGINT)";
            case 6 -> " (SIGABRT)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
        return "signal " + -exitCode + name;
    }

    /** The child's pid; 0 before it starts. */
    public final int pid() {
        Running r = running;
        return r == null ? 0 : r.pid;
    }

    public final String name() {
        return name;
    }

    public final ChildProcess name(String n) {
        this.name = java.util.Objects.requireNonNull(n, "name");
        return this;
    }

    public final boolean daemon() {
        return daemon;
    }

    /** Marks the child a daemon (before {@link #start}): it ends with its parent. */
    public final ChildProcess daemon(boolean d) {
        if (running != null) {
            throw new IllegalStateException("daemon is set before start");
        }
        this.daemon = d;
        return this;
    }

    private Running started(String what) {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException("cannot " + what + " " + name + ": it has not been started");
        }
        return r;
    }

    @Override
    public String toString() {
        Running r = running;
        String state = r == null ? "initial" : r.exit() == null ? "started pid=" + r.pid : "stopped exitcode=" + r.exit();
        return "<" + getClass().getSimpleName() + " name='" + name + "' " + state + (daemon ? " daemon" : "") + ">";
    }
}
