package org.iomodels.green;

import java.io.IOException;
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
        await(fd, read, timeoutSeconds, what, false);
    }

    /**
     * As above; {@code lazy}: the fd stays in the hub's epoll set after the wait, for the next
     * one ({@link EpollSet}), which needs {@link #cancelWaits} on this hub before the fd is
     * closed, however it is closed ({@link GreenFd}'s rule). Not lazy (the cooperative sockets):
     * it leaves the set with the wait, so a close from anywhere is safe.
     */
    static void await(int fd, boolean read, double timeoutSeconds, String what, boolean lazy)
            throws SocketTimeoutException, ErrnoException {
        if (timeoutSeconds == 0) {
            throw new SocketTimeoutException(what + ": not ready, and the timeout is 0");
        }
        Hub hub = Hub.get();
        refuseSecond(hub, fd, read, what);
        Waiter w = new Waiter(hub); // the fd's watcher itself: closing the fd finds it there (cancelWaits)
        HubLoop loop = hub.loop();
        try {
            loop.watch(fd, w, read);
            if (w.getWithin(timeoutSeconds, what) == Waiter.TIMED_OUT) {
                throw new SocketTimeoutException(what + " timed out after " + timeoutSeconds + " s");
            }
        } finally {
            if (loop.watcher(fd, read) == w) {
                loop.unwatch(fd, read, lazy);
            }
        }
    }

    /** Refuses a second waiter on {@code fd} in the same direction: its wake-up would replace the first's. */
    static void refuseSecond(Hub hub, int fd, boolean read, String what) {
        if (hub.loop().watching(fd, read)) {
            throw new IllegalStateException("another greenlet already waits to " + (read ? "read" : "write") + " fd " + fd
                    + " (" + what + "): one socket, one waiter each way (gevent's ConcurrentObjectUseError)");
        }
    }

    /** Wakes the greenlet waiting to read {@code fd} as if it were readable (it reads, finds nothing, and looks around). */
    static void wakeReader(int fd) {
        if (Hub.get().loop().watcher(fd, true) instanceof Waiter w) {
            Hub.get().callSoon(w);
        }
    }

    /** Before {@code fd} is closed: its waiters leave the poller now and are woken with an error. */
    static void cancelWaits(int fd) {
        cancelWaits(fd, null);
    }

    /**
     * Before {@code fd} is closed: its waiters leave the poller now and are woken with
     * {@code error} (null: a SocketException saying so), and the hub's epoll set forgets it.
     */
    static void cancelWaits(int fd, IOException error) {
        Hub hub = Hub.existing();
        if (hub == null) {
            return; // no hub on this thread: no greenlet of it waits, and its set has nothing to forget
        }
        for (int i = 0; i < 2; i++) {
            boolean read = i == 0;
            if (!(hub.loop().watcher(fd, read) instanceof Waiter w)) {
                continue; // nobody waits, or a user's callback (Hub.addReader): not ours to wake
            }
            try {
                hub.loop().unwatch(fd, read, true);
            } catch (ErrnoException e) {
                // not reached: a lazy removal makes no syscall
            }
            IOException closed = error != null ? error : new SocketException("fd " + fd + " was closed while a greenlet waited on it");
            hub.callSoon(() -> w.throwInto(closed));
        }
        hub.loop().closing(fd);
    }

}
