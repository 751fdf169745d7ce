package org.iomodels.examples;

import static org.iomodels.selectors.Events.EVENT_READ;
import static org.iomodels.selectors.Events.EVENT_WRITE;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.selectors.Ready;
import org.iomodels.selectors.SelectSelector;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.NativeSocket;
import org.iomodels.sys.Select;

/**
 * An echo server on {@code select(2)} through {@link SelectSelector}: the seeds' select server
 * made correct, Stevens' I/O multiplexing model. One thread sleeps in {@code select} on every
 * socket at once and wakes when some are ready; then a {@code read} copies what is known to be
 * there, so it never waits for data.
 *
 * <p>What the seed got wrong, and this version does instead: it waited for the operator to type
 * a reply inside the loop (every other client stalled); it never removed a client that closed,
 * so {@code select} reported it readable forever and {@code recv} returned nothing in a busy loop;
 * and it sent with {@code send} and hoped. Here the loop only echoes, a closed or reset client is
 * unregistered and closed, and what the socket does not take is kept: that connection is watched
 * for EVENT_WRITE instead of EVENT_READ until it is flushed. And select's own limit shows: a
 * connection whose descriptor is {@value Select#FD_SETSIZE} or more cannot be watched at all,
 * so it is closed with a line on stderr saying why (poll and epoll have no such limit).
 *
 * <p>Run: {@code ./iomodels example select-echo --port 8088}, then in several terminals
 * {@code ./iomodels client --port 8088}: every client is echoed at once, and an idle server
 * uses no CPU (unlike nonblocking-echo).
 *
 * <p>You should see {@code listening on 127.0.0.1:8088} on stdout; on stderr one line per
 * accepted and closed connection, and {@code stopped after N connections, M select calls} when
 * Ctrl-C (SIGINT) or SIGTERM stops it with exit 0.
 */
public final class SelectEcho implements EchoExample {
    private static final int BUFFER = 64 * 1024;
    private static final Object ACCEPT = "accept";
    private static final Object STOP = "stop";

    private final SelectSelector selector;
    private final NativeSocket listener;
    private final int wakeFd;
    private final PrintStream log;
    private final List<Connection> connections = new ArrayList<>();
    private long accepted;
    private long selects;

    private SelectEcho(SelectSelector selector, NativeSocket listener, int wakeFd, PrintStream log) {
        this.selector = selector;
        this.listener = listener;
        this.wakeFd = wakeFd;
        this.log = log;
    }

    /** Binds {@code host:port} (0 = any free port) and watches it with a new {@link SelectSelector}. */
    public static SelectEcho open(String host, int port, PrintStream log) throws IOException {
        SelectSelector selector = new SelectSelector();
        NativeSocket listener = null;
        int wakeFd = -1;
        try {
            listener = NativeSocket.listen(host, port, 1024, true);
            // An eventfd is the stop button: stop() makes it readable, and select() returns.
            wakeFd = Libc.eventfd(0, Libc.O_NONBLOCK | Libc.O_CLOEXEC);
            selector.register(listener, EVENT_READ, ACCEPT);
            selector.register(wakeFd, EVENT_READ, STOP);
            return new SelectEcho(selector, listener, wakeFd, log);
        } catch (IOException | RuntimeException e) {
            if (listener != null) {
                listener.close();
            }
            if (wakeFd >= 0) {
                Libc.close(wakeFd);
            }
            selector.close();
            throw e;
        }
    }

    @Override
    public String address() throws ErrnoException {
        var a = listener.localAddress();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** The bound port. */
    public int port() throws ErrnoException {
        return listener.localAddress().getPort();
    }

    /** Waits in select(2) and serves what is ready, until {@link #stop}. */
    @Override
    public void serve() throws IOException {
        try {
            while (true) {
                List<Ready> ready = selector.select();
                selects++;
                for (Ready r : ready) {
                    Object what = r.key().data();
                    if (what == STOP) {
                        return;
                    } else if (what == ACCEPT) {
                        acceptAll();
                    } else {
                        ((Connection) what).onReady(r);
                    }
                }
            }
        } finally {
            for (Connection c : List.copyOf(connections)) {
                c.close("");
            }
        }
    }

    @Override
    public void stop() {
        try (Arena arena = Arena.ofConfined()) {
            Libc.write(wakeFd, arena.allocateFrom(ValueLayout.JAVA_LONG, 1L), 8);
        } catch (ErrnoException e) {
            throw new IllegalStateException("cannot wake the select loop: " + e.getMessage(), e);
        }
    }

    private void acceptAll() throws IOException {
        while (true) {
            NativeSocket client;
            try {
                client = listener.accept(true);
            } catch (ErrnoException e) {
                log.println("accept failed: " + e.getMessage()); // EMFILE: serve what we have
                return;
            }
            if (client == null) {
                return; // EAGAIN: the backlog is empty
            }
            accepted++;
            if (client.fileno() >= Select.FD_SETSIZE) {
                log.println("closing " + client + ": fd " + client.fileno() + " >= FD_SETSIZE ("
                        + Select.FD_SETSIZE + "), select(2) cannot watch it");
                client.close();
                continue;
            }
            log.println("accepted " + client);
            Connection c = new Connection(client);
            selector.register(client, EVENT_READ, c);
            connections.add(c);
        }
    }

    /** Closes the listener, the stop eventfd and the selector ({@link #serve} closed the connections). */
    @Override
    public void close() throws IOException {
        listener.close();
        Libc.close(wakeFd);
        selector.close();
        log.println("stopped after " + accepted + " connections, " + selects + " select calls");
    }

    /** One client: a buffer, and how much of it is still to be written back. */
    private final class Connection {
        private final NativeSocket socket;
        private final Arena arena = Arena.ofConfined();
        private final MemorySegment buffer = arena.allocate(BUFFER);
        private int pendingFrom;
        private int pendingTo;

        Connection(NativeSocket socket) {
            this.socket = socket;
        }

        void onReady(Ready ready) throws IOException {
            try {
                if (ready.writable()) {
                    flush();
                } else {
                    echo();
                }
            } catch (ErrnoException e) {
                close(": " + e.getMessage()); // a reset client: close it, the others go on
            }
        }

        private void echo() throws IOException {
            int n = socket.read(buffer); // select said readable: this copies, it does not wait
            if (n == Libc.WOULD_BLOCK) {
                return;
            }
            if (n == 0) {
                close(""); // the seed's missing case: end of stream, or select reports it forever
                return;
            }
            pendingFrom = 0;
            pendingTo = n;
            flush();
        }

        private void flush() throws IOException {
            while (pendingFrom < pendingTo) {
                int n = socket.write(buffer.asSlice(pendingFrom, pendingTo - pendingFrom));
                if (n == Libc.WOULD_BLOCK) {
                    selector.modify(socket, EVENT_WRITE, this); // read no more until this is flushed
                    return;
                }
                pendingFrom += n;
            }
            if (selector.getKey(socket).events() != EVENT_READ) {
                selector.modify(socket, EVENT_READ, this);
            }
        }

        void close(String why) throws IOException {
            log.println("closing " + socket + why);
            selector.unregister(socket);
            connections.remove(this);
            socket.close();
            arena.close();
        }
    }
}
