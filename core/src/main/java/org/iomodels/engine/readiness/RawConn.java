package org.iomodels.engine.readiness;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.iomodels.engine.base.FileRegion;
import org.iomodels.engine.base.RawSocketIo;
import org.iomodels.engine.base.SocketAddresses;
import org.iomodels.engine.loop.EventLoop;
import org.iomodels.engine.loop.LoopConn;
import org.iomodels.sys.Libc;
import org.iomodels.sys.NativeSocket;
import org.iomodels.sys.Socket;
import org.iomodels.sys.SyscallCounters;
import org.iomodels.sys.SyscallProbe;

/** A connection on a raw non-blocking descriptor: read(2), send(2) and sendfile(2), each counted. */
final class RawConn extends LoopConn {
    private final RawLoop rawLoop;
    private final NativeSocket socket;
    private final int fd;
    private final SocketAddresses addresses;
    private final SyscallCounters counters;
    private final SyscallProbe probe;

    RawConn(RawLoop loop, NativeSocket socket, long id) {
        super(loop, id);
        this.rawLoop = loop;
        this.socket = socket;
        this.fd = socket.fileno();
        this.addresses = new SocketAddresses(fd);
        this.counters = loop.counters;
        this.probe = loop.probe;
    }

    @Override
    public int transportRead() throws IOException {
        int n = Libc.read(fd, rawLoop.readSegment, EventLoop.READ_BUFFER, probe);
        if (n == Libc.WOULD_BLOCK) {
            return -1;
        }
        if (n > 0) {
            counters.received(n);
            rawLoop.poller.progress();
        }
        return n;
    }

    @Override
    public int transportWrite(ByteBuffer src) throws IOException {
        int n = RawSocketIo.send(fd, src, rawLoop.writeScratch, counters, probe);
        if (n > 0) {
            rawLoop.poller.progress();
        }
        return n;
    }

    /** Sendfile(2) needs a descriptor: open(2), not a FileChannel. */
    @Override
    public FileRegion openFile(Path file, long position, long count) throws IOException {
        return FileRegion.openFd(file, position, count);
    }

    @Override
    public long transportSendFile(FileRegion region) throws IOException {
        long n = RawSocketIo.sendFile(fd, (FileRegion.Fd) region, rawLoop.sendfileOffset, counters, probe);
        if (n > 0) {
            rawLoop.poller.progress();
        }
        return n;
    }

    @Override
    public void transportShutdownOutput() throws IOException {
        socket.shutdownOutput(probe);
    }

    @Override
    public void transportClose() {
        rawLoop.forget(fd);
        addresses.closed();
        socket.close(probe);
    }

    @Override
    public void applyInterest(int interest) throws IOException {
        rawLoop.poller.modify(fd, interest);
    }

    @Override
    public InetSocketAddress localAddress() {
        return addresses.local();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return addresses.remote();
    }

    @Override
    public String toString() {
        return "conn " + id + " (fd " + fd + ")";
    }
}
