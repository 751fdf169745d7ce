package org.iomodels.green;

import java.net.SocketTimeoutException;
import org.iomodels.sys.ErrnoException;

/**
 * How a greenlet waits for a descriptor: a reader (or writer) on the hub's poller that wakes it,
 * removed once it is awake. gevent's {@code wait_read}/{@code wait_write}. A timeout of 0 does not
 * wait; infinity waits as long as it takes.
 */
final class Readiness {
    private Readiness() {}

    /** Parks the current greenlet until {@code fd} is readable ({@code read}) or writable, or the timeout passes. */
    static void await(int fd, boolean read, double timeoutSeconds, String what) throws SocketTimeoutException, ErrnoException {
        if (timeoutSeconds == 0) {
            throw new SocketTimeoutException(what + ": not ready, and the timeout is 0");
        }
        Hub hub = Hub.get();
        if (hub.watching(fd, read)) {
            throw new IllegalStateException("another greenlet already waits to " + (read ? "read" : "write") + " fd " + fd
                    + " (" + what + "): one socket, one waiter each way (gevent's ConcurrentObjectUseError)");
        }
        Timeout t = new Timeout(timeoutSeconds).start();
        Waiter w = new Waiter(hub);
        Runnable wake = () -> w.switchTo(null);
        if (read) {
            hub.addReader(fd, wake);
        } else {
            hub.addWriter(fd, wake);
        }
        try {
            w.get(what);
        } catch (Timeout e) {
            if (e != t) {
                throw e;
            }
            throw new SocketTimeoutException(what + " timed out after " + timeoutSeconds + " s");
        } finally {
            t.cancel();
            if (read) {
                hub.removeReader(fd);
            } else {
                hub.removeWriter(fd);
            }
        }
    }
}
