package org.iomodels.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code iomodels client}: an interactive line client on a blocking {@link java.net.Socket} and
 * two threads, the seeds' client made concurrent. One thread sends each line read from stdin;
 * a reader thread prints what the server sends as it arrives, so a chat room's messages show up
 * while you type rather than only after your next line.
 *
 * <p>When stdin ends the client half-closes (the server sees end of stream), prints what still
 * arrives until the server closes (at most {@value #DRAIN_MILLIS} ms) and exits 0. When the
 * server closes first it exits 0 too, saying so on stderr; a lost connection exits 1.
 */
@Command(name = "client",
        mixinStandardHelpOptions = true,
        description = "Interactive line client: sends each line of stdin, prints what the server sends as it arrives.")
final class ClientCommand implements Callable<Integer> {
    static final int DRAIN_MILLIS = 2000;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    @Spec
    CommandSpec spec;

    @Mixin
    ServerAddress server;

    /** How the session ended: who saw the end first, and what the reader met. */
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean stdinEnded;
    private volatile IOException readFailure;

    @Override
    public Integer call() throws Exception {
        InetSocketAddress address = server.resolve(); // a bad --port or --host is a usage error, before connecting
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Socket socket = connect(address)) {
            Thread reader = Thread.ofPlatform().name("client-reader").daemon().start(() -> printReplies(socket, out));
            // Daemon: a read of stdin cannot be interrupted, so it must not keep the JVM alive
            // once the server has closed.
            Thread.ofPlatform().name("client-stdin").daemon().start(() -> sendLines(System.in, socket));
            ended.await();
            if (stdinEnded) {
                reader.join(DRAIN_MILLIS); // the server's last words, then its close
            }
            socket.close(); // ends the reader if the server kept the connection open
            reader.join();
            return finish(err);
        }
    }

    private Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, CONNECT_TIMEOUT_MILLIS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot connect to " + peer() + ": " + e.getMessage(), e);
        }
    }

    /** {@code host:port} as the user gave them. */
    private String peer() {
        return server.host + ":" + server.port;
    }

    /** Exit 0 when the server closed, 1 (one line on stderr) when the connection was lost. */
    private int finish(PrintWriter err) {
        IOException failure = readFailure;
        if (failure != null) {
            err.println(spec.qualifiedName() + ": connection to " + peer() + " lost: " + failure.getMessage());
            err.flush();
            return 1;
        }
        if (!stdinEnded) {
            err.println(spec.qualifiedName() + ": " + peer() + " closed the connection");
            err.flush();
        }
        return 0;
    }

    /** The reader thread: prints what arrives, as it arrives, until end of stream. */
    private void printReplies(Socket socket, PrintWriter out) {
        char[] buffer = new char[8192];
        try (Reader in = new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                readFailure = e; // a reset, not our own close after stdin ended
            }
        } finally {
            out.flush();
            ended.countDown();
        }
    }

    /** The stdin thread: sends each line with a {@code \n}; at end of input, half-closes. */
    private void sendLines(InputStream stdin, Socket socket) {
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            OutputStream to = socket.getOutputStream();
            String line;
            while ((line = lines.readLine()) != null) {
                to.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                to.flush();
            }
            socket.shutdownOutput();
            stdinEnded = true;
            ended.countDown();
        } catch (IOException e) {
            // The server closed or reset while we were sending: the reader reports which.
        }
    }
}
