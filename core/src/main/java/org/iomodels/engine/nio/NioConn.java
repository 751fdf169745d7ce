package org.iomodels.engine.nio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.iomodels.engine.base.FileRegion;
import org.iomodels.engine.loop.LoopConn;
import org.iomodels.sys.SyscallCounters.Kind;
import org.iomodels.sys.SyscallCounters;

/**
 * A connection on a non-blocking {@link SocketChannel}, each JDK I/O call counted as the syscall
 * it makes. Files go with {@code FileChannel.transferTo(position, n, socketChannel)}, which on
 * Linux is sendfile(2) from the file to the socket's descriptor.
 */
final class NioConn extends LoopConn {
    private final SocketChannel channel;
    private final SelectionKey key;
    private final SyscallCounters counters;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;

    NioConn(NioLoop loop, SocketChannel channel, SelectionKey key, long id) throws IOException {
        super(loop, id);
        this.channel = channel;
        this.key = key;
        this.counters = loop.counters;
        this.local = (InetSocketAddress) channel.getLocalAddress(); // the JDK caches both addresses
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
        key.attach(this);
    }

    @Override
    public int transportRead() throws IOException {
        ByteBuffer buffer = loop.readBuffer().clear();
        long t0 = SyscallCounters.sampledStart();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            counters.countSampled(Kind.READ, t0);
            throw e;
        }
        counters.countSampled(n == 0 ? Kind.EAGAIN : Kind.READ, t0);
        if (n == 0) {
            return -1;
        }
        if (n < 0) {
            return 0; // end of stream
        }
        counters.received(n);
        return n;
    }

    @Override
    public int transportWrite(ByteBuffer src) throws IOException {
        long t0 = SyscallCounters.sampledStart();
        int n;
        try {
            n = channel.write(src);
        } catch (IOException e) {
            counters.countSampled(Kind.WRITE, t0);
            throw e;
        }
        counters.countSampled(n == 0 ? Kind.EAGAIN : Kind.WRITE, t0);
        counters.sent(n);
        return n;
    }

    @Override
    public FileRegion openFile(Path file, long position, long count) throws IOException {
        return FileRegion.openChannel(file, position, count);
    }

    /**
     * One transferTo: sendfile(2) to the non-blocking socket, which takes what fits (the JDK
     * returns 0 for EAGAIN). transferTo also returns 0 at the end of the file, so a 0 asks the
     * file's size (fstat) to tell a full socket from a short file.
     */
    @Override
    public long transportSendFile(FileRegion region) throws IOException {
        FileRegion.Channel file = (FileRegion.Channel) region;
        long n = file.transferTo(channel, counters);
        if (n == 0) {
            long t1 = SyscallCounters.sampledStart();
            long size = file.channel.size();
            counters.countSampled(Kind.OTHER, t1);
            if (size <= file.position) {
                throw file.shortFile(size);
            }
        }
        return n;
    }

    @Override
    public void transportShutdownOutput() throws IOException {
        long t0 = SyscallCounters.sampledStart();
        try {
            channel.shutdownOutput();
        } finally {
            counters.countSampled(Kind.OTHER, t0);
        }
    }

    @Override
    public void transportClose() {
        key.cancel();
        long t0 = SyscallCounters.sampledStart();
        closeQuietly(channel);
        counters.countSampled(Kind.OTHER, t0);
    }

    @Override
    public void applyInterest(int interest) {
        key.interestOps(((interest & READ) != 0 ? SelectionKey.OP_READ : 0)
                | ((interest & WRITE) != 0 ? SelectionKey.OP_WRITE : 0));
        counters.count(Kind.OTHER, System.nanoTime()); // an epoll_ctl the JDK makes at the next select
    }

    static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket whose peer reset can report that reset; the descriptor is released either way.
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public String toString() {
        return "conn " + id + " (" + remote + ")";
    }
}
