package org.iomodels.green;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.iomodels.sys.ErrnoException;

/**
 * How a greenlet waits for a descriptor: a reader (or writer) on the hub's poller that wakes it,
 * removed once it is awake. gevent's {@code wait_read}/{@code wait_write}. A timeout of 0 does not
 * wait; infinity waits as long as it takes. One waiter per descriptor and direction; a socket
 * closed under a waiter wakes it with an error ({@link #cancelWaits}).
 */
final class Readiness {
    private Readiness() {}

    /** Parks the current greenlet until {@code fd} is readable ({@code read}) or writable, or the timeout passes. */
    static void await(int fd, boolean read, double timeoutSeconds, String what) throws SocketTimeoutException, ErrnoException {
        if (timeoutSeconds == 0) {
            throw new SocketTimeoutException(what + ": not ready, and the timeout is 0");
        }
        Hub hub = Hub.get();
        refuseSecond(hub, fd, read, what);
        Waiter w = new Waiter(hub);
        long key = key(fd, read);
        try {
            if (read) {
                hub.addReader(fd, () -> w.switchTo(null));
            } else {
                hub.addWriter(fd, () -> w.switchTo(null));
            }
            hub.socketWaits.put(key, w);
            if (w.getWithin(timeoutSeconds, what) == Waiter.TIMED_OUT) {
                throw new SocketTimeoutException(what + " timed out after " + timeoutSeconds + " s");
            }
        } finally {
            if (hub.socketWaits.get(key) == w) {
                hub.socketWaits.remove(key);
                if (read) {
                    hub.removeReader(fd);
                } else {
                    hub.removeWriter(fd);
                }
            }
        }
    }

    /** Refuses a second waiter on {@code fd} in the same direction: its wake-up would replace the first's. */
    static void refuseSecond(Hub hub, int fd, boolean read, String what) {
        if (hub.watching(fd, read)) {
            throw new IllegalStateException("another greenlet already waits to " + (read ? "read" : "write") + " fd " + fd
                    + " (" + what + "): one socket, one waiter each way (gevent's ConcurrentObjectUseError)");
        }
    }

    /** Before {@code fd} is closed: its waiters leave the poller now and are woken with an error. */
    static void cancelWaits(int fd) {
        Hub hub = Hub.get();
        for (boolean read : new boolean[] {true, false}) {
            Waiter w = hub.socketWaits.remove(key(fd, read));
            if (w == null) {
                continue;
            }
            try {
                if (read) {
                    hub.removeReader(fd);
                } else {
                    hub.removeWriter(fd);
                }
            } catch (ErrnoException e) {
                // the descriptor is going anyway
            }
            SocketException closed = new SocketException("fd " + fd + " was closed while a greenlet waited on it");
            hub.callSoon(() -> w.throwInto(closed));
        }
    }

    private static long key(int fd, boolean read) {
        return ((long) fd << 1) | (read ? 1 : 0);
    }
}
