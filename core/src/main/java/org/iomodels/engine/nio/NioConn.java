package org.iomodels.engine.nio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.iomodels.engine.base.FileRegion;
import org.iomodels.engine.loop.LoopConn;
import org.iomodels.sys.Errno;
import org.iomodels.sys.Syscall;
import org.iomodels.sys.SyscallCounters;
import org.iomodels.sys.SyscallProbe;

/**
 * A connection on a non-blocking {@link SocketChannel}, each JDK I/O call counted as the syscall
 * it makes. Files go with {@code FileChannel.transferTo(position, n, socketChannel)}, which on
 * Linux is sendfile(2) from the file to the socket's descriptor.
 */
final class NioConn extends LoopConn {
    private final SocketChannel channel;
    private final SelectionKey key;
    private final SyscallCounters counters;
    private final SyscallProbe probe;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;

    NioConn(NioLoop loop, SocketChannel channel, SelectionKey key, long id) throws IOException {
        super(loop, id);
        this.channel = channel;
        this.key = key;
        this.counters = loop.counters;
        this.probe = loop.probe;
        this.local = (InetSocketAddress) channel.getLocalAddress(); // the JDK caches both addresses
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
        key.attach(this);
    }

    @Override
    public int transportRead() throws IOException {
        ByteBuffer buffer = loop.readBuffer().clear();
        long t = probe.start(Syscall.READ);
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            probe.end(Syscall.READ, -1, SyscallProbe.FAILED, t);
            throw e;
        }
        probe.end(Syscall.READ, -1, n == 0 ? -Errno.EAGAIN : Math.max(n, 0), t); // -1 is read(2)'s 0
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
        long t = probe.start(Syscall.WRITE);
        int n;
        try {
            n = channel.write(src);
        } catch (IOException e) {
            probe.end(Syscall.WRITE, -1, SyscallProbe.FAILED, t);
            throw e;
        }
        probe.end(Syscall.WRITE, -1, n == 0 ? -Errno.EAGAIN : n, t);
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
        long n = file.transferTo(channel, probe);
        if (n > 0) {
            counters.sent(n);
        } else {
            long t = probe.start(Syscall.FSTAT);
            long size = file.channel.size();
            probe.end(Syscall.FSTAT, -1, 0, t);
            if (size <= file.position) {
                throw file.shortFile(size);
            }
        }
        return n;
    }

    @Override
    public void transportShutdownOutput() throws IOException {
        long t = probe.start(Syscall.SHUTDOWN);
        long result = SyscallProbe.FAILED;
        try {
            channel.shutdownOutput();
            result = 0;
        } finally {
            probe.end(Syscall.SHUTDOWN, -1, result, t);
        }
    }

    @Override
    public void transportClose() {
        key.cancel();
        long t = probe.start(Syscall.CLOSE);
        closeQuietly(channel);
        probe.end(Syscall.CLOSE, -1, 0, t);
    }

    @Override
    public void applyInterest(int interest) {
        key.interestOps(((interest & READ) != 0 ? SelectionKey.OP_READ : 0)
                | ((interest & WRITE) != 0 ? SelectionKey.OP_WRITE : 0));
        probe.end(Syscall.EPOLL_CTL, -1, 0, probe.start(Syscall.EPOLL_CTL)); // one the JDK makes at the next select
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
