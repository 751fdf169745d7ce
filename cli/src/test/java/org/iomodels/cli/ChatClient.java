package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.iomodels.protocol.Echo;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.iomodels.engine.Engines;

/** A test's chat member: a blocking socket that sends lines and checks the lines it receives. */
final class ChatClient implements AutoCloseable {
    private static final String WELCOME = "* you are ";

    final Socket socket;
    final String name;
    private final BufferedReader in;
    private final OutputStream out;

    private ChatClient(Socket socket, BufferedReader in) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        String welcome = in.readLine();
        assertTrue(welcome != null && welcome.startsWith(WELCOME), "first line must name the newcomer: " + welcome);
        this.name = welcome.substring(WELCOME.length(), welcome.indexOf(';'));
    }

    /** Connects and reads the welcome line, which gives this member's name. */
    static ChatClient connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** As {@link #connect(int)} with SO_RCVBUF set first when {@code receiveBuffer > 0}. */
    static ChatClient connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connect, so the window starts small
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(10_000);
        return new ChatClient(socket, new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)));
    }

    void send(String line) throws IOException {
        sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next line; fails on a 10 s timeout. */
    String read() throws IOException {
        return in.readLine();
    }

    void expect(String line) throws IOException {
        assertEquals(line, read(), name + " received");
    }

    /** The server closed this connection (an orderly end of stream, or a reset after it). */
    void expectClosed() throws IOException {
        try {
            assertNull(read(), name + " should have been closed");
        } catch (SocketException e) {
            assertTrue(String.valueOf(e.getMessage()).contains("reset"), e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Every model this machine runs and {@link Engines#open} accepts. */
    static Stream<IoModel> models() {
        return Arrays.stream(IoModel.values()).filter(ChatClient::runnable);
    }

    private static boolean runnable(IoModel model) {
        try (Server ignored = Engines.open(model, ServerConfig.defaults(), new Echo())) {
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
