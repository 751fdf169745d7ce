package org.iomodels.examples;

import static org.iomodels.selectors.Events.EVENT_READ;
import static org.iomodels.selectors.Events.EVENT_WRITE;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.iomodels.selectors.DefaultSelector;
import org.iomodels.selectors.Ready;
import org.iomodels.selectors.Selector;
import org.iomodels.selectors.SelectorKey;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.NativeSocket;

/**
 * An echo server on {@link DefaultSelector} (epoll on Linux): the seeds' Python {@code selectors}
 * program, made correct. One thread waits in {@code select()} for every socket at once; a ready
 * listener is accepted, a ready connection is read and its bytes written back.
 *
 * <p>Where the seed calls {@code conn.send(data)} and hopes, this version keeps what the socket
 * did not take and stops reading that connection until it is flushed (watching EVENT_WRITE
 * instead of EVENT_READ): bytes are never lost, and a client that sends without reading costs
 * one 64 KiB buffer, not unbounded memory.
 *
 * <p>Run: {@code ./iomodels example selectors-echo --port 8088}, then in another terminal
 * {@code ./iomodels client --port 8088}, type lines, and see them come back. The server prints
 * {@code listening on 127.0.0.1:8088} on stdout, one line per accepted and closed connection on
 * stderr, and stops with exit 0 on Ctrl-C (SIGINT) or SIGTERM.
 */
public final class SelectorsEcho implements EchoExample {
    private static final int BUFFER = 64 * 1024;
    private static final Object ACCEPT = "accept";
    private static final Object STOP = "stop";

    private final Selector selector;
    private final NativeSocket listener;
    private final int wakeFd;
    private final PrintStream log;
    private long connections;

    private SelectorsEcho(Selector selector, NativeSocket listener, int wakeFd, PrintStream log) {
        this.selector = selector;
        this.listener = listener;
        this.wakeFd = wakeFd;
        this.log = log;
    }

    /** Binds {@code host:port} (0 = any free port) on a {@link DefaultSelector}; {@link #serve} runs it. */
    public static SelectorsEcho open(String host, int port, PrintStream log) throws IOException {
        return open(host, port, DefaultSelector.open(), log);
    }

    /** As {@link #open(String, int, PrintStream)} on the given selector, which the server then owns. */
    public static SelectorsEcho open(String host, int port, Selector selector, PrintStream log) throws IOException {
        NativeSocket listener = null;
        int wakeFd = -1;
        try {
            listener = NativeSocket.listen(host, port, 1024, true);
            // An eventfd is the stop button: stop() makes it readable and select() returns.
            wakeFd = Libc.eventfd(0, Libc.O_NONBLOCK | Libc.O_CLOEXEC);
            selector.register(listener, EVENT_READ, ACCEPT);
            selector.register(wakeFd, EVENT_READ, STOP);
            return new SelectorsEcho(selector, listener, wakeFd, log);
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

    /** The bound address as {@code host:port}. */
    public String address() throws ErrnoException {
        var a = listener.localAddress();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** The bound port. */
    public int port() throws ErrnoException {
        return listener.localAddress().getPort();
    }

    /** Serves until {@link #stop} is called, then closes every connection (on this thread, which owns them). */
    public void serve() throws IOException {
        try {
            while (true) {
                for (Ready ready : selector.select()) {
                    Object what = ready.key().data();
                    if (what == STOP) {
                        return;
                    } else if (what == ACCEPT) {
                        acceptAll();
                    } else {
                        ((Connection) what).onReady(ready);
                    }
                }
            }
        } finally {
            for (var key : selector.getMap().values().toArray(new SelectorKey[0])) {
                if (key.data() instanceof Connection c) {
                    c.close(null);
                }
            }
        }
    }

    /** Asks {@link #serve} to return; safe from any thread, a signal handler included. */
    public void stop() {
        try (Arena arena = Arena.ofConfined()) {
            Libc.write(wakeFd, arena.allocateFrom(ValueLayout.JAVA_LONG, 1L), 8);
        } catch (ErrnoException e) {
            throw new IllegalStateException("cannot wake the selector loop: " + e.getMessage(), e);
        }
    }

    private void acceptAll() throws IOException {
        while (true) {
            NativeSocket client;
            try {
                client = listener.accept(true);
            } catch (ErrnoException e) {
                // EMFILE and friends: say so and go on serving the connections we have.
                log.println("accept failed: " + e.getMessage());
                return;
            }
            if (client == null) {
                return;
            }
            connections++;
            log.println("accepted " + client);
            selector.register(client, EVENT_READ, new Connection(client));
        }
    }

    /** Closes the listener and the selector ({@link #serve} has closed the connections). */
    @Override
    public void close() throws IOException {
        listener.close();
        Libc.close(wakeFd);
        selector.close();
        log.println("stopped after " + connections + " connections");
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
                close(e.getMessage()); // a reset peer: close this one, the others go on
            }
        }

        private void echo() throws IOException {
            int n = socket.read(buffer);
            if (n == Libc.WOULD_BLOCK) {
                return;
            }
            if (n == 0) {
                close(null);
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
                    selector.modify(socket, EVENT_WRITE, this); // stop reading until this is flushed
                    return;
                }
                pendingFrom += n;
            }
            if (selector.getKey(socket).events() != EVENT_READ) {
                selector.modify(socket, EVENT_READ, this);
            }
        }

        void close(String why) throws IOException {
            log.println("closing " + socket + (why == null ? "" : ": " + why));
            selector.unregister(socket);
            socket.close();
            arena.close();
        }
    }
}
