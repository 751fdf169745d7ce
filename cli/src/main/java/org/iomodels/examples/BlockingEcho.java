package org.iomodels.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.NativeSocket;
import org.iomodels.sys.Socket;

/**
 * An echo server on blocking {@code accept(2)}, {@code read(2)} and {@code send(2)}, one
 * connection at a time: the seeds' first server, Stevens' blocking I/O model at its plainest.
 *
 * <p>What it shows: the one thread sleeps in {@code accept} until a client connects, then in
 * {@code read} until that client sends; both phases, waiting for data and copying it, happen
 * inside that one call. While it serves one client, the kernel still completes a second client's
 * handshake and buffers its bytes, but the connection waits in the listen backlog and nothing
 * reads it: one slow or idle client stalls every other, until it leaves. (The seed also waited
 * for the operator to type each reply; this version echoes, so only the clients matter.)
 *
 * <p>Run: {@code ./iomodels example blocking-echo --port 8088}, then in two more terminals
 * {@code ./iomodels client --port 8088}. Type in the second: nothing comes back. End the first
 * (Ctrl-D): the second's lines come back at once, and it is now the one being served.
 *
 * <p>You should see {@code listening on 127.0.0.1:8088} on stdout; on stderr
 * {@code serving connection 1 from 127.0.0.1:PORT (the next client waits in the backlog)} and
 * {@code connection 1 closed after N bytes}, once per client, in order; Ctrl-C (SIGINT) or
 * SIGTERM stops it with exit 0.
 */
public final class BlockingEcho implements EchoExample {
    private static final int BUFFER = 64 * 1024;

    private final NativeSocket listener;
    private final PrintStream log;
    private final Object lock = new Object(); // orders stop()'s shutdowns against serve()'s closes
    private NativeSocket current; // guarded by lock: the client being served, for stop() to wake
    private boolean stopping; // guarded by lock
    private long connections;

    private BlockingEcho(NativeSocket listener, PrintStream log) {
        this.listener = listener;
        this.log = log;
    }

    /** Binds {@code host:port} (0 = any free port) with a blocking listening socket. */
    public static BlockingEcho open(String host, int port, PrintStream log) throws IOException {
        return new BlockingEcho(NativeSocket.listen(host, port, 128, false), log);
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

    /** Accepts a client, echoes until it closes, then the next: until {@link #stop}. */
    @Override
    public void serve() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(BUFFER);
            NativeSocket client;
            while ((client = next()) != null) {
                echoUntilClosed(client, buffer);
            }
        }
    }

    /**
     * Wakes {@link #serve}: {@code shutdown(2)} makes a blocked {@code accept} fail with EINVAL
     * and a blocked {@code read} return end of stream. (Closing the descriptor instead would
     * leave the thread blocked, and the number could be reused by another socket meanwhile.)
     */
    @Override
    public void stop() {
        synchronized (lock) {
            if (stopping) {
                return;
            }
            stopping = true;
            shutdownQuietly(listener);
            if (current != null) {
                shutdownQuietly(current);
            }
        }
    }

    /** The next client, blocking in accept(2); null once stopping. */
    private NativeSocket next() throws IOException {
        while (true) {
            NativeSocket client;
            try {
                client = listener.accept(false);
            } catch (ErrnoException e) {
                synchronized (lock) {
                    if (stopping) {
                        return null;
                    }
                }
                // EMFILE and friends: say so, and pause rather than spin on a backlog we cannot take.
                log.println("accept failed: " + e.getMessage());
                sleepQuietly(100);
                continue;
            }
            synchronized (lock) {
                if (stopping) {
                    client.close();
                    return null;
                }
                current = client;
            }
            return client;
        }
    }

    private void echoUntilClosed(NativeSocket client, MemorySegment buffer) {
        long id = ++connections;
        long bytes = 0;
        String why = "";
        try {
            log.println("serving connection " + id + " from " + peer(client) + " (the next client waits in the backlog)");
            int n;
            while ((n = client.read(buffer)) > 0) { // blocks: waiting for data, then copying it
                client.writeFully(buffer.asSlice(0, n)); // blocks while the client does not read
                bytes += n;
            }
        } catch (ErrnoException e) {
            why = ": " + e.getMessage(); // a reset client: close it and serve the next
        } finally {
            synchronized (lock) {
                current = null;
                client.close();
            }
        }
        log.println("connection " + id + " closed after " + bytes + " bytes" + why);
    }

    private static String peer(NativeSocket client) {
        try {
            var a = client.remoteAddress();
            return a.getAddress().getHostAddress() + ":" + a.getPort();
        } catch (ErrnoException e) {
            return "(gone: " + e.getMessage() + ")";
        }
    }

    private static void shutdownQuietly(NativeSocket socket) {
        if (socket.isClosed()) {
            return;
        }
        try {
            Socket.shutdown(socket.fileno(), Socket.SHUT_RDWR);
        } catch (ErrnoException e) {
            // ENOTCONN: the client is gone already, so nothing is blocked on it either
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the listening socket ({@link #serve} has closed the clients). */
    @Override
    public void close() {
        listener.close();
        log.println("stopped after " + connections + " connections");
    }
}
