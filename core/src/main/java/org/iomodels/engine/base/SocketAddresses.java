package org.iomodels.engine.base;

import java.net.InetSocketAddress;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Socket;

/**
 * A raw connection's two addresses, asked of the kernel ({@code getsockname(2)},
 * {@code getpeername(2)}) only when first wanted, then kept: most handlers never ask, so accepting
 * costs no extra syscalls. Any thread; null once the socket is closed or reset before anyone asked
 * (after {@link #closed} the number may name another descriptor, so it is not asked again).
 */
public final class SocketAddresses {
    private final int fd;
    private volatile InetSocketAddress local;
    private volatile InetSocketAddress remote;
    private volatile boolean closed;

    public SocketAddresses(int fd) {
        this.fd = fd;
    }

    /** The descriptor is being closed: keep what is known, ask nothing more. */
    public void closed() {
        closed = true;
    }

    public InetSocketAddress local() {
        if (local == null && !closed) {
            try {
                local = Socket.getsockname(fd);
            } catch (ErrnoException e) {
                return null;
            }
        }
        return local;
    }

    public InetSocketAddress remote() {
        if (remote == null && !closed) {
            try {
                remote = Socket.getpeername(fd);
            } catch (ErrnoException e) {
                return null;
            }
        }
        return remote;
    }
}
