package org.iomodels.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An echo server that misbehaves on purpose, for testing that the load generator notices: each
 * chunk read passes through a {@link Fault} that may change it, delay it, or close the connection.
 */
final class FaultyEchoServer implements AutoCloseable {
    /** What to send back for {@code chunk} found at stream offset {@code offset}; null closes the connection. */
    interface Fault {
        byte[] apply(long offset, byte[] chunk) throws InterruptedException;
    }

    private final ServerSocket listener;
    private final Fault fault;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private final int silentTimeoutMillis;

    FaultyEchoServer(Fault fault) throws IOException {
        this(fault, 0);
    }

    /** As {@link #FaultyEchoServer(Fault)}, and closes a connection silent for {@code silentTimeoutMillis}. */
    FaultyEchoServer(Fault fault, int silentTimeoutMillis) throws IOException {
        this.fault = fault;
        this.silentTimeoutMillis = silentTimeoutMillis;
        this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().start(this::acceptLoop);
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", listener.getLocalPort());
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket s = listener.accept();
                sockets.add(s);
                Thread.ofPlatform().daemon().start(() -> serve(s));
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.setSoTimeout(silentTimeoutMillis);
            byte[] buf = new byte[8192];
            long offset = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                byte[] reply = fault.apply(offset, Arrays.copyOf(buf, n));
                if (reply == null) {
                    return;
                }
                out.write(reply);
                offset += n;
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the test ended
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
