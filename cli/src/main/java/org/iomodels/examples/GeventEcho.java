package org.iomodels.examples;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.iomodels.green.Green;
import org.iomodels.green.GreenServerSocket;
import org.iomodels.green.GreenSocket;
import org.iomodels.green.GreenThread;
import org.iomodels.green.Group;
import org.iomodels.green.GreenletExit;
import org.iomodels.green.Hub;

/**
 * The seeds' echo server written blocking-style on cooperative sockets: one greenlet accepts, one
 * greenlet per client reads and writes back, each with plain {@code recv}/{@code sendAll} calls,
 * all of them on one thread. What to see: the code reads like the blocking echo server, yet a
 * slow client blocks nobody — each wait parks its greenlet on the hub, which runs the others.
 */
public final class GeventEcho implements EchoExample {
    private final GreenServerSocket listener;
    private final Group clients = new Group();
    private volatile Hub hub;
    private volatile GreenThread<Object> acceptor;
    private volatile boolean stopping;

    public GeventEcho(String host, int port) throws IOException {
        listener = GreenServerSocket.listen(host, port, 128);
    }

    @Override
    public String address() throws IOException {
        var a = listener.address();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Override
    public void serve() throws IOException {
        hub = Hub.get();
        acceptor = Green.spawn(() -> {
            while (!stopping) {
                GreenSocket client = listener.accept(); // parks until a client comes
                clients.spawn(() -> echo(client));
            }
            return null;
        }, "acceptor");
        if (stopping) {
            acceptor.kill();
        }
        acceptor.join();
        clients.kill();
    }

    private static Void echo(GreenSocket client) throws IOException {
        try (client) {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (client.recvInto(buf.clear()) > 0) { // parks while the client sends nothing
                client.sendAll(buf.flip());             // parks while the client does not read
            }
        } catch (GreenletExit e) {
            throw e;
        } catch (IOException e) {
            // a reset: this client is gone, the others go on
        }
        return null;
    }

    @Override
    public void stop() {
        stopping = true;
        Hub h = hub;
        GreenThread<Object> a = acceptor;
        if (h != null && a != null) {
            h.callSoonThreadsafe(() -> a.kill(new GreenletExit(), false, 0));
        }
    }

    @Override
    public void close() {
        listener.close();
    }
}
