package org.iomodels.selectors;

import java.io.IOException;
import org.iomodels.poller.EpollPoller;
import org.iomodels.sys.Errno;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.SyscallProbe;

/**
 * A selector on {@code epoll(7)}, level-triggered as Python's {@code EpollSelector}: the kernel
 * keeps the interest list, so a call costs O(ready) however many descriptors are registered.
 * A call reports every ready descriptor, as Python's does (its event array grows with the
 * registered set). The mechanism is {@link EpollPoller}, the engines' own.
 */
public final class EpollSelector extends PollerSelector {
    public EpollSelector() throws IOException {
        super(new EpollPoller(SyscallProbe.NONE, false, Integer.MAX_VALUE));
    }

    /** The epoll descriptor itself, as Python's {@code EpollSelector.fileno()}. */
    public int fileno() {
        checkOpen();
        return ((EpollPoller) poller).fileno();
    }

    @Override
    protected void kernelRemove(int fd) throws IOException {
        try {
            poller.remove(fd);
        } catch (ErrnoException e) {
            // Closing a descriptor removes it from every epoll set: EBADF/ENOENT here only means
            // the caller closed it before unregistering, which Python allows too.
            if (e.errno() != Errno.EBADF && e.errno() != Errno.ENOENT) {
                throw e;
            }
            ((EpollPoller) poller).forget(fd);
        }
    }
}
