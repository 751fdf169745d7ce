package org.iomodels.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * How many of {@code n} connections held open at once a model's echo server serves: claim 2's
 * measurement (select cannot watch a descriptor of 1024 or more, FD_SETSIZE; poll and epoll can).
 * The server is {@code serve --model M} in a process of its own, so its descriptors are its own.
 */
public final class ConnectionLimit {
    private ConnectionLimit() {}

    /** Opens {@code n} connections, then sends a byte on each and counts those echoed; {@code jvm} and {@code cliMain} start the server. */
    public static int served(List<String> jvm, String cliMain, String model, int n) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of(cliMain, "serve", "--model", model, "--host", "127.0.0.1", "--port", "0", "--max-connections",
                Integer.toString(n + 100)));
        ServerProcess server = ServerProcess.start(Children.guard(command));
        List<Socket> sockets = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                Socket s = new Socket();
                sockets.add(s);
                s.connect(new InetSocketAddress("127.0.0.1", server.port), 5000);
                s.setSoTimeout(3000);
            }
            int echoed = 0;
            for (Socket s : sockets) {
                if (echoes(s)) {
                    echoed++;
                }
            }
            return echoed;
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            server.stop();
            server.close();
        }
    }

    private static boolean echoes(Socket s) {
        try {
            s.getOutputStream().write('x');
            InputStream in = s.getInputStream();
            return in.read() == 'x';
        } catch (SocketTimeoutException e) {
            return false; // held, never served
        } catch (IOException e) {
            return false; // refused: closed or reset by the server
        }
    }
}
