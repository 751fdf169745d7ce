package org.iomodels.engine.base;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.iomodels.server.Handler;
import org.iomodels.server.IdleTimeoutException;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.iomodels.server.ServerStats;
import org.iomodels.sys.Errno;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Syscall;
import org.iomodels.sys.SyscallCounters;
import org.iomodels.sys.SyscallProbe;
import org.iomodels.sys.SyscallTrace;

/**
 * What every engine shares: its config and handler, connection counts, ids, the syscall
 * counters of its threads, and one-line logging to stderr.
 */
public abstract class AbstractServer implements Server {
    /** The most one read asks for, on every engine. */
    public static final int READ_BUFFER = 64 * 1024;

    static {
        // Load what the failure paths need now: a process out of descriptors (EMFILE) cannot
        // open a class file either, and the engine must still be able to report and recover.
        new org.iomodels.sys.ErrnoException("startup", org.iomodels.sys.Errno.EMFILE).getMessage();
        new IdleTimeoutException(java.time.Duration.ofSeconds(1)).getMessage();
        // The shedding path is first run at EMFILE: its types must not need a class file then.
        DescriptorReserve.Acceptor<java.io.Closeable> none = () -> null;
        new DescriptorReserve.Found<>(none, false).shed();
        // Closing a shed connection reports to the no-op probe: its class, too.
        SyscallProbe.NONE.end(Syscall.CLOSE, -1, 0, SyscallProbe.NONE.start(Syscall.CLOSE));
    }

    protected final IoModel model;
    public final ServerConfig config;
    public final Handler handler;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    /** A set, not a list: 19,000 connection threads retiring at once made a list's O(n) removal a pile-up (issue 11). */
    private final Set<SyscallCounters> liveCounters = new HashSet<>(); // guarded by retiredLock
    private SyscallCounters.Snapshot retired = SyscallCounters.Snapshot.EMPTY;
    private final Object retiredLock = new Object();
    private final PrintStream log = System.err;
    private final DescriptorReserve reserve = new DescriptorReserve();
    protected volatile InetSocketAddress address;
    /** The timer of the engines whose threads keep none (thread-per-connection, jdk-nio2). */
    public final ServerTimer timer;
    private volatile boolean started;

    protected AbstractServer(IoModel model, ServerConfig config, Handler handler) {
        this.model = model;
        this.timer = new ServerTimer("iomodels-" + model + "-timer");
        this.config = config;
        this.handler = handler;
    }

    @Override
    public final IoModel model() {
        return model;
    }

    @Override
    public final ServerConfig config() {
        return config;
    }

    @Override
    public final Server start() throws IOException {
        if (started) {
            throw new IllegalStateException(model + " server already started");
        }
        started = true;
        reserve.retake();
        try {
            doStart();
        } catch (IOException e) {
            reserve.close();
            throw cannotListen(config.host(), config.port(), e);
        } catch (UnresolvedAddressException e) { // the JDK engines' unknown host
            reserve.close();
            throw cannotListen(config.host(), config.port(), new UnknownHostException(config.host()));
        } catch (RuntimeException e) {
            reserve.close();
            throw e;
        }
        return this;
    }

    /**
     * A failed bind worded the same on every engine, whether the JDK or {@code bind(2)} refused it:
     * {@code cannot listen on 127.0.0.1:8080: address already in use} (a {@link java.net.BindException}),
     * or {@code ...: unknown host}. Any other failure is returned as it is.
     */
    public static IOException cannotListen(String host, int port, IOException e) {
        String where = "cannot listen on " + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + ": ";
        IOException said;
        if (e instanceof UnknownHostException) {
            said = new UnknownHostException(where + "unknown host");
        } else if (e instanceof BindException && e.getMessage() != null) {
            said = new BindException(where + lowerFirst(e.getMessage())); // the JDK's strerror: "Address already in use"
        } else if (e instanceof ErrnoException errno && (errno.call().startsWith("bind(") || errno.call().startsWith("listen("))) {
            said = new BindException(where + lowerFirst(Errno.strerror(errno.errno())));
        } else {
            return e;
        }
        said.initCause(e);
        return said;
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** Binds, sets {@link #address}, and starts the engine's threads. */
    protected abstract void doStart() throws IOException;

    @Override
    public final InetSocketAddress address() {
        InetSocketAddress a = address;
        if (a == null) {
            throw new IllegalStateException(model + " server is not started");
        }
        return a;
    }

    @Override
    public final ServerStats stats() {
        return new ServerStats(accepted.get(), refused.get(), open.get());
    }

    @Override
    public final SyscallCounters.Snapshot counters() {
        // One lock around the whole read, as around retire: a thread's counts are then either
        // live or retired, never both or neither.
        synchronized (retiredLock) {
            SyscallCounters.Snapshot sum = retired;
            for (SyscallCounters c : liveCounters) {
                sum = sum.sum(c.snapshot());
            }
            return sum;
        }
    }

    /** A new counters object for one engine thread, included in {@link #counters()}. */
    public final SyscallCounters newCounters() {
        SyscallCounters c = new SyscallCounters();
        synchronized (retiredLock) {
            liveCounters.add(c);
        }
        return c;
    }

    /**
     * Where a thread of this server reports its syscalls: {@code counters} itself, or, when the
     * config asks for a trace ({@link ServerConfig#trace}), a probe that also records each call.
     */
    public final SyscallProbe probe(SyscallCounters counters) {
        SyscallTrace trace = config.trace();
        return trace == null ? counters : trace.over(counters);
    }

    /** Folds a finished thread's counters into the total and stops tracking the object. */
    public final void retire(SyscallCounters c) {
        synchronized (retiredLock) {
            retired = retired.sum(c.snapshot());
            liveCounters.remove(c);
        }
    }

    /** Whether one more connection may be served; if not it is counted as refused. */
    protected final boolean admit() {
        if (open.incrementAndGet() > config.maxConnections()) {
            open.decrementAndGet();
            refused.incrementAndGet();
            return false;
        }
        accepted.incrementAndGet();
        return true;
    }

    /** Whether a failed accept means the process is out of descriptors (or memory) for one more socket. */
    public static boolean outOfDescriptors(int errno) {
        return errno == Errno.EMFILE || errno == Errno.ENFILE || errno == Errno.ENOBUFS || errno == Errno.ENOMEM;
    }

    /** As {@link #outOfDescriptors(int)}, for what an accept threw (the JDK's exceptions carry strerror's text, not errno). */
    public static boolean outOfDescriptors(IOException e) {
        if (e instanceof ErrnoException errno) {
            return outOfDescriptors(errno.errno());
        }
        String m = e.getMessage();
        return m != null && m.startsWith("Too many open files"); // EMFILE and ENFILE
    }

    /**
     * Out of descriptors while clients wait: closes them at once through the reserve descriptor
     * (so they learn at once instead of waiting in the backlog), each counted as refused.
     * Returns how many. The accepting thread.
     */
    protected final int shedWaiting(DescriptorReserve.Acceptor<?> acceptor) {
        int shed = reserve.shed(acceptor);
        refused.addAndGet(shed);
        return shed;
    }

    /** The reserve, for an engine whose accept completes asynchronously ({@code jdk-nio2}). */
    public final DescriptorReserve reserve() {
        return reserve;
    }

    /** Releases the reserve descriptor; part of every engine's close. */
    protected final void closeReserve() {
        reserve.close();
    }

    protected final void refusedOne() {
        refused.incrementAndGet();
    }

    public final void closedOne() {
        open.decrementAndGet();
    }

    /** Ends the server's timer thread, if it was started, dropping what it had not run. */
    protected final void stopTimer() {
        timer.stop();
    }

    protected final long nextId() {
        return ids.incrementAndGet();
    }

    /** One line on stderr, prefixed with the model. */
    public final void log(String line) {
        log.println("iomodels[" + model + "]: " + line);
    }

    /** Calls the handler's onClose, logging (not throwing) what a faulty handler throws. */
    public final void notifyClosed(org.iomodels.server.Conn conn, Throwable cause) {
        try {
            handler.onClose(conn, cause);
        } catch (RuntimeException | Error e) {
            log("handler.onClose of connection " + conn.id() + " threw " + e);
        }
    }
}
