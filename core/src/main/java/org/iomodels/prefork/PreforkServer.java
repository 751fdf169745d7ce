package org.iomodels.prefork;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.iomodels.process.Tasks;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.ServerConfig;

/**
 * A server on N processes, seed 003's "multi-process + coroutines": N worker JVMs
 * ({@link PreforkWorker}) each listen on the same port with {@code SO_REUSEPORT}, so the kernel
 * spreads the connections among them, and each runs {@code model} with the config's loops on
 * handlers of its own ({@code handlers} is called once in each worker: they share nothing).
 *
 * <pre>{@code
 * try (PreforkServer s = PreforkServer.start(IoModel.EPOLL, ServerConfig.defaults().withPort(8080),
 *         () -> new EchoHandler(), 4, System.err::println)) {
 *     ... // s.address(), s.workerPids()
 * }
 * }</pre>
 *
 * <p>The supervisor (this object) holds the port bound with SO_REUSEPORT, not listening, for the
 * workers' lifetime: a worker restarted gets it back, as nobody but this user's SO_REUSEPORT
 * sockets can bind it meanwhile. A worker that dies is
 * started again after a back-off (100 ms, doubling to 5 s, back to 100 ms once one has lived
 * 10 s), said on {@code log} with how it ended; the others go on serving, and only its own
 * connections are lost. {@link #stop} asks every worker to stop accepting and drain, and returns
 * what each served. The workers are daemon children: a supervisor that dies, even by SIGKILL,
 * leaves none behind. They ignore SIGINT (a terminal's Ctrl-C reaches its whole process group):
 * the supervisor stops them. With the {@code forkserver} start method a spare JVM waits beside
 * them for a restart; {@code serve --processes} uses {@code spawn}.
 */
public final class PreforkServer implements AutoCloseable {
    /** How long a worker may take to say it listens. */
    private static final double READY_SECONDS = 60;

    private final IoModel model;
    private final Tasks.Call0<? extends Handler> handlers;
    private final WorkerSettings settings;
    private final Consumer<String> log;
    private final SocketChannel reservation;
    private final InetSocketAddress address;
    private final List<Slot> slots = new ArrayList<>();
    private volatile boolean stopping;

    private PreforkServer(IoModel model, WorkerSettings settings, Tasks.Call0<? extends Handler> handlers, Consumer<String> log,
                          SocketChannel reservation, InetSocketAddress address) {
        this.model = model;
        this.settings = settings;
        this.handlers = handlers;
        this.log = log;
        this.reservation = reservation;
        this.address = address;
    }

    /**
     * Starts {@code processes} workers and returns once every one listens; an
     * {@link IOException} naming the cause if the port cannot be had or a worker cannot start
     * (the others are stopped).
     */
    public static PreforkServer start(IoModel model, ServerConfig config, Tasks.Call0<? extends Handler> handlers, int processes,
                                      Consumer<String> log) throws IOException {
        if (processes < 1) {
            throw new IllegalArgumentException("processes must be at least 1, not " + processes);
        }
        SocketChannel reservation = reserve(config.host(), config.port());
        InetSocketAddress address = (InetSocketAddress) reservation.getLocalAddress();
        PreforkServer s = new PreforkServer(model, WorkerSettings.of(config, address.getPort()), handlers, log, reservation, address);
        try {
            for (int i = 0; i < processes; i++) {
                s.slots.add(new Slot(s, i + 1));
            }
            for (Slot slot : s.slots) {
                slot.launch(); // all at once: their JVMs start side by side
            }
            for (Slot slot : s.slots) {
                slot.awaitReady(READY_SECONDS);
            }
        } catch (IOException | RuntimeException e) {
            s.stop(Duration.ZERO);
            throw e;
        }
        s.slots.forEach(Slot::supervise);
        return s;
    }

    /**
     * Binds {@code host:port} (0: a free port) with SO_REUSEPORT alone, not listening: the port
     * the workers share, which nobody without SO_REUSEPORT of this user can take meanwhile. A
     * port given is first bound without SO_REUSEPORT, which fails against any listener on it,
     * another {@code serve --processes} included (it would share the port silently).
     */
    private static SocketChannel reserve(String host, int port) throws IOException {
        InetSocketAddress at = new InetSocketAddress(host, port);
        if (port != 0) {
            try (SocketChannel probe = SocketChannel.open()) {
                probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                probe.bind(at);
            } catch (IOException e) {
                throw org.iomodels.engine.base.AbstractServer.cannotListen(host, port, e);
            }
        }
        SocketChannel s = SocketChannel.open();
        try {
            s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            s.bind(at);
            return s;
        } catch (IOException e) {
            s.close();
            throw org.iomodels.engine.base.AbstractServer.cannotListen(host, port, e);
        }
    }

    public InetSocketAddress address() {
        return address;
    }

    public IoModel model() {
        return model;
    }

    public int processes() {
        return slots.size();
    }

    /** The pids of the workers now serving, slot by slot (0 for a slot whose worker is being restarted). */
    public List<Long> workerPids() {
        return slots.stream().map(Slot::pid).toList();
    }

    /** How many workers have been started in place of one that died. */
    public int restarts() {
        return slots.stream().mapToInt(Slot::restarts).sum();
    }

    /**
     * Stops every worker: each stops accepting, lets its connections finish for at most
     * {@code drain}, and reports what it served; a worker that has not reported within
     * {@code drain} and 300 ms more is killed. Returns the reports, slot by slot (a killed or dead
     * worker's is absent).
     */
    public List<WorkerReport> stop(Duration drain) {
        stopping = true;
        long deadline = System.nanoTime() + drain.toNanos() + 300_000_000L;
        for (Slot s : slots) {
            s.askToStop(drain);
        }
        List<WorkerReport> reports = new ArrayList<>();
        for (Slot s : slots) {
            WorkerReport r = s.finish(deadline);
            if (r != null) {
                reports.add(r);
            }
        }
        try {
            reservation.close();
        } catch (IOException e) {
            // the port is let go either way
        }
        return reports;
    }

    /** Stops with a drain of 1.5 s. */
    @Override
    public void close() {
        if (!stopping) {
            stop(Duration.ofMillis(1500));
        }
    }

    boolean stopping() {
        return stopping;
    }

    PreforkWorker newWorker(int slot, org.iomodels.process.Connection control) {
        return new PreforkWorker(slot, model, settings, handlers, control);
    }

    void log(String line) {
        log.accept(line);
    }
}
