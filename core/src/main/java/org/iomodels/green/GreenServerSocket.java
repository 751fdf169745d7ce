package org.iomodels.green;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.NativeSocket;

/**
 * A cooperative listening socket, gevent's {@code socket.bind/listen/accept}: {@link #accept}
 * parks the greenlet until a client comes. A failed accept (EMFILE when out of descriptors,
 * ECONNABORTED, ...) is raised as the {@link ErrnoException} naming it; the listener goes on.
 */
public final class GreenServerSocket implements AutoCloseable {
    private final NativeSocket listener;
    private double timeout = Double.POSITIVE_INFINITY;

    private GreenServerSocket(NativeSocket listener) {
        this.listener = listener;
    }

    /** Binds {@code host:port} (0: a free port) and listens, with TCP_NODELAY inherited by accepted sockets. */
    public static GreenServerSocket listen(String host, int port, int backlog) throws IOException {
        return new GreenServerSocket(NativeSocket.listen(host, port, backlog, true, true));
    }

    public InetSocketAddress address() throws ErrnoException {
        return listener.localAddress();
    }

    /** Seconds {@link #accept} waits (infinity: as long as it takes); accepted sockets get it too. */
    public void setTimeout(double seconds) {
        timeout = GreenSocket.checked(seconds);
    }

    /** The next connection, waiting for one cooperatively. */
    public GreenSocket accept() throws IOException {
        for (;;) {
            NativeSocket s = listener.accept(true);
            if (s != null) {
                return GreenSocket.accepted(s, timeout);
            }
            Readiness.await(listener.fileno(), true, timeout, "accept(fd=" + listener.fileno() + ")");
        }
    }

    public int fileno() {
        return listener.fileno();
    }

    /** Closes the listener; a greenlet of this thread waiting in {@link #accept} is woken with a SocketException. */
    @Override
    public void close() {
        if (!listener.isClosed()) {
            Readiness.cancelWaits(listener.fileno());
        }
        listener.close();
    }
}
