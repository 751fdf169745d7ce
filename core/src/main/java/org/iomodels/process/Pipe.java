package org.iomodels.process;

import java.io.IOException;
import org.iomodels.sys.Libc;
import org.iomodels.sys.Socket;

/**
 * Python's {@code multiprocessing.Pipe()}: two connected {@link Connection} ends. Duplex (the
 * default) is a {@code socketpair(2)}, each end sending and receiving; one-way is a
 * {@code pipe2(2)}, {@link #one} receiving what {@link #two} sends, as Python's {@code (conn1,
 * conn2)}. Pass an end to a child as an argument of its {@link ChildProcess}; close the ends a
 * process does not use, so that the other side sees end of file when its peer goes.
 */
public record Pipe(Connection one, Connection two) implements AutoCloseable {
    /** A duplex pipe. */
    public static Pipe open() throws IOException {
        return open(true);
    }

    public static Pipe open(boolean duplex) throws IOException {
        if (duplex) {
            int[] fds = Socket.socketpair(Socket.SOCK_STREAM | Socket.SOCK_CLOEXEC);
            return new Pipe(new Connection(fds[0], true, true), new Connection(fds[1], true, true));
        }
        int[] fds = Libc.pipe2(Libc.O_CLOEXEC);
        return new Pipe(new Connection(fds[0], true, false), new Connection(fds[1], false, true));
    }

    @Override
    public void close() {
        one.close();
        two.close();
    }
}
