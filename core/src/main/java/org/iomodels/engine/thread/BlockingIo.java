package org.iomodels.engine.thread;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.iomodels.engine.base.FileRegion;
import org.iomodels.server.IdleTimeoutException;
import org.iomodels.server.ShortFileException;
import org.iomodels.sys.SyscallProbe;

/**
 * Blocking sockets as a thread-per-connection engine uses them, whichever API sits underneath
 * (raw fds through sys, or java.net). Every call blocks its thread until done; each counts the
 * syscalls it makes into the counters it is given.
 */
final class BlockingIo {
    private BlockingIo() {}

    interface Listener {
        /** Waits for the next connection; throws once {@link #close} has been called. */
        Connection accept(SyscallProbe probe) throws IOException;

        InetSocketAddress address();

        /** Stops accepting and wakes a thread blocked in accept. Any thread. */
        void close();

        /** Releases the descriptor. The acceptor thread, once it has stopped accepting. */
        void release();
    }

    interface Connection extends Closeable {
        /** The buffer {@link #read} fills; the handler sees a view of it. Owned by the reading thread. */
        ByteBuffer buffer();

        /** Blocks until data arrives: bytes read into {@link #buffer} (from position 0), 0 at end of stream. */
        int read(SyscallProbe probe) throws IOException;

        /** Blocks until all of {@code src} is written. */
        void writeFully(ByteBuffer src, SyscallProbe probe) throws IOException;

        /** Opens {@code file} the way {@link #sendFile} sends it. */
        FileRegion openFile(Path file, long position, long count, SyscallProbe probe) throws IOException;

        /**
         * Blocks until the whole region is sent, from the page cache to the socket; throws
         * {@link ShortFileException} if the file ends first. Leaves the file open.
         */
        void sendFile(FileRegion region, SyscallProbe probe) throws IOException;

        void shutdownOutput() throws IOException;

        /** Closes a read timeout: a read with nothing for {@code millis} throws {@link IdleTimeoutException}. 0 = none. */
        void setReadTimeout(int millis) throws IOException;

        /** Ends both directions so a thread blocked in read returns (end of stream). Any thread. */
        void wake();

        /** As {@link #wake}, and also fails a write blocked on a peer that does not read. Any thread. */
        void abort();

        /** Releases the socket. The reading thread, last. */
        @Override
        void close();

        InetSocketAddress localAddress();

        InetSocketAddress remoteAddress();
    }
}
