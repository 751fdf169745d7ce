package org.iomodels.process;

import java.io.IOException;
import org.iomodels.sys.Libc;

/**
 * Python's {@code multiprocessing.Pipe()}: two connected {@link Connection} ends. Duplex (the
 * default) is two {@code pipe2(2)} pipes, one each way, each end sending and receiving; one-way
 * is one pipe, {@link #one} receiving what {@link #two} sends, as Python's {@code (conn1, conn2)}.
 * Pass an end to a child as an argument of its {@link ChildProcess}; close the ends a process does
 * not use, so that the other side sees end of file when its peer goes.
 */
public record Pipe(Connection one, Connection two) implements AutoCloseable {
    /** A duplex pipe. */
    public static Pipe open() throws IOException {
        return open(true);
    }

    public static Pipe open(boolean duplex) throws IOException {
        int[] a = Libc.pipe2(Libc.O_CLOEXEC); // one reads what two writes
        int[] b = null;
        try {
            if (!duplex) {
                return new Pipe(new Connection(a[0], -1), new Connection(-1, a[1]));
            }
            b = Libc.pipe2(Libc.O_CLOEXEC); // and two what one writes
            return new Pipe(new Connection(a[0], b[1]), new Connection(b[0], a[1]));
        } catch (IOException | RuntimeException e) {
            for (int[] p : new int[][] {a, b}) {
                if (p != null) {
                    Descriptors.close(p[0]);
                    Descriptors.close(p[1]);
                }
            }
            throw e;
        }
    }

    @Override
    public void close() {
        one.close();
        two.close();
    }
}
