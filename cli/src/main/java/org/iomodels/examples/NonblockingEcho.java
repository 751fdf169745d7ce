package org.iomodels.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.NativeSocket;

/**
 * An echo server on {@code O_NONBLOCK} sockets polled by one thread: the seeds' non-blocking
 * server, Stevens' non-blocking I/O model. No call ever waits: {@code accept}, {@code read} and
 * {@code send} return EAGAIN at once when there is nothing to do, so the thread asks every socket
 * in turn, over and over, and serves many clients at once.
 *
 * <p>What it shows: the price of asking instead of being told. Most calls are wasted EAGAINs;
 * with nothing to do the loop would burn a whole CPU, so after a full pass that found nothing it
 * sleeps {@value #IDLE_SLEEP_MICROS} µs, which adds up to that much latency to the next byte.
 * The second phase, the copy, still happens inside {@code read}. (The seed set only the listener
 * non-blocking, so its {@code recv} blocked anyway and its "Resource temporarily unavailable"
 * handler slept four seconds; here every socket is non-blocking and a socket the client does not
 * drain is simply retried on the next pass, its bytes kept, its reading paused.)
 *
 * <p>Run: {@code ./iomodels example nonblocking-echo --port 8088}, then in several terminals
 * {@code ./iomodels client --port 8088}: every client is echoed at once. Watch {@code top}: the
 * server uses a little CPU even when nobody types.
 *
 * <p>You should see {@code listening on 127.0.0.1:8088} on stdout; on stderr one line per
 * accepted and closed connection, and at Ctrl-C (SIGINT) or SIGTERM, before exit 0, the count:
 * {@code stopped after 3 connections: 41234 passes, 98211 EAGAINs, 40112 idle sleeps}.
 */
public final class NonblockingEcho implements EchoExample {
    static final int IDLE_SLEEP_MICROS = 1000;
    private static final int BUFFER = 64 * 1024;

    private final NativeSocket listener;
    private final PrintStream log;
    private final List<Connection> connections = new ArrayList<>();
    private volatile boolean stopping;
    private long accepted;
    private long passes;
    private long eagains;
    private long idleSleeps;

    private NonblockingEcho(NativeSocket listener, PrintStream log) {
        this.listener = listener;
        this.log = log;
    }

    /** Binds {@code host:port} (0 = any free port), then sets the listener O_NONBLOCK with fcntl(2). */
    public static NonblockingEcho open(String host, int port, PrintStream log) throws IOException {
        NativeSocket listener = NativeSocket.listen(host, port, 1024, false);
        try {
            listener.setBlocking(false); // the seed's sock.setblocking(False): fcntl(F_SETFL, O_NONBLOCK)
            return new NonblockingEcho(listener, log);
        } catch (IOException | RuntimeException e) {
            listener.close();
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

    /** Polls the listener and every connection in turn until {@link #stop}. */
    @Override
    public void serve() throws IOException {
        try {
            while (!stopping) {
                boolean progress = acceptAll();
                for (Iterator<Connection> it = connections.iterator(); it.hasNext(); ) {
                    Connection c = it.next();
                    if (c.step()) {
                        progress = true;
                    }
                    if (c.socket.isClosed()) {
                        it.remove();
                    }
                }
                passes++;
                if (!progress) {
                    idleSleeps++;
                    LockSupport.parkNanos(IDLE_SLEEP_MICROS * 1000L);
                }
            }
        } finally {
            connections.forEach(c -> c.close(""));
            connections.clear();
        }
    }

    /** Asks {@link #serve} to return after its current pass; safe from any thread. */
    @Override
    public void stop() {
        stopping = true;
    }

    /** Accepts every waiting client; false if the first accept already said EAGAIN. */
    private boolean acceptAll() {
        boolean any = false;
        while (true) {
            NativeSocket client = null;
            try {
                client = listener.accept(false);
                if (client == null) {
                    eagains++;
                    return any;
                }
                client.setBlocking(false); // accept(2) does not pass O_NONBLOCK on: set it again
            } catch (ErrnoException e) {
                if (client != null) {
                    client.close();
                }
                log.println("accept failed: " + e.getMessage()); // EMFILE: serve what we have
                return any;
            }
            any = true;
            accepted++;
            log.println("accepted " + client);
            connections.add(new Connection(client));
        }
    }

    /** Closes the listening socket ({@link #serve} has closed the connections) and prints the counts. */
    @Override
    public void close() {
        listener.close();
        log.println("stopped after " + accepted + " connections: " + passes + " passes, " + eagains
                + " EAGAINs, " + idleSleeps + " idle sleeps");
    }

    /** One client: a buffer, and how much of it is still to be written back. */
    private final class Connection {
        final NativeSocket socket;
        private final Arena arena = Arena.ofConfined();
        private final MemorySegment buffer = arena.allocate(BUFFER);
        private int pendingFrom;
        private int pendingTo;

        Connection(NativeSocket socket) {
            this.socket = socket;
        }

        /** One non-blocking try: write what is pending, else read and echo. True if a byte moved or it closed. */
        boolean step() {
            try {
                return pendingFrom < pendingTo ? flush() : readAndEcho();
            } catch (ErrnoException e) {
                close(": " + e.getMessage()); // a reset client: close it, the others go on
                return true;
            }
        }

        private boolean readAndEcho() throws ErrnoException {
            int n = socket.read(buffer);
            if (n == Libc.WOULD_BLOCK) {
                eagains++; // nothing yet: ask again next pass
                return false;
            }
            if (n == 0) {
                close("");
                return true;
            }
            pendingFrom = 0;
            pendingTo = n;
            flush();
            return true;
        }

        /** Writes what the socket takes now; the rest waits for the next pass, and nothing is read meanwhile. */
        private boolean flush() throws ErrnoException {
            boolean wrote = false;
            while (pendingFrom < pendingTo) {
                int n = socket.write(buffer.asSlice(pendingFrom, pendingTo - pendingFrom));
                if (n == Libc.WOULD_BLOCK) {
                    eagains++;
                    return wrote;
                }
                pendingFrom += n;
                wrote = true;
            }
            return wrote;
        }

        void close(String why) {
            if (socket.isClosed()) {
                return;
            }
            log.println("closing " + socket + why);
            socket.close();
            arena.close();
        }
    }
}
