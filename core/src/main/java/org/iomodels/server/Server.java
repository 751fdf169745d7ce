package org.iomodels.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.iomodels.sys.SyscallCounters;

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

    /**
     * Stops the server for a process that exits next: stops accepting, lets the work in progress
     * finish (waiting at most {@code drain}), and may leave idle connections for the kernel to
     * close as the process exits, where ending each one in the JVM would cost more than the exit
     * does. The handler then sees no {@code onClose} for those. Call it only when the process
     * exits right after; otherwise {@link #close}. The engines with a thread per connection
     * leave their idle connections (a thread blocked in read); the others close everything, as
     * {@link #close} does.
     */
    default void closeForExit(Duration drain) {
        close();
    }
}
