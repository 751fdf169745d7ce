package org.iomodels.server;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A server running one {@link Handler} on one {@link IoModel}. {@link #start} binds and starts
 * its threads; {@link #close} stops accepting, closes every connection (the handler sees
 * {@code onClose} with a cause saying the server stopped), joins every thread it started and
 * releases every descriptor it opened.
 */
public interface Server extends AutoCloseable {
    IoModel model();

    ServerConfig config();

    /** Binds the listening socket and starts serving. Returns this. */
    Server start() throws IOException;

    /** The bound address (the real port when the config asked for port 0). */
    InetSocketAddress address();

    /** Syscall counters summed over the server's threads so far. */
    SyscallCounters.Snapshot counters();

    /** Connections accepted, refused (over the limit or unwatchable), and open now. */
    ServerStats stats();

    @Override
    void close();
}
