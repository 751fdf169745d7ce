package org.iomodels.examples;

import java.io.IOException;

/**
 * What the seeds' echo servers (blocking, non-blocking, select) have in common, so that one
 * command runs each: bound when opened, {@link #serve} until {@link #stop}, then closed.
 */
public interface EchoExample extends AutoCloseable {
    /** The bound address as {@code host:port} (the real port when 0 was asked for). */
    String address() throws IOException;

    /** Serves on the calling thread until {@link #stop} is called, then closes every connection. */
    void serve() throws IOException;

    /** Asks {@link #serve} to return soon; safe from any thread, a signal handler included. */
    void stop();

    /** Releases the listening socket (and whatever else the server opened). */
    @Override
    void close() throws IOException;
}
