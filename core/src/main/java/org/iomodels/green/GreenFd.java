package org.iomodels.green;

import java.io.IOException;

/**
 * A descriptor that greenlets of this thread wait on, owned by the caller: gevent's
 * {@code wait_read}/{@code wait_write} with the io watcher kept, for code that makes its own
 * syscalls on a non-blocking fd (the {@code green} engine). Each wait parks the greenlet until
 * the hub's epoll says the fd is ready; the fd stays in the hub's epoll set between waits, so a
 * greenlet that reads in a loop costs no {@code epoll_ctl} per message. Hence the one rule:
 * call {@link #beforeClose} before closing the fd, which wakes its waiters and makes the hub
 * forget it. One waiter per direction.
 */
public final class GreenFd {
    private final int fd;

    public GreenFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("fd must not be negative, not " + fd);
        }
        this.fd = fd;
    }

    public int fileno() {
        return fd;
    }

    /**
     * Parks the current greenlet until the fd is readable (or hung up), at most
     * {@code timeoutSeconds} (infinity: no limit), then {@link java.net.SocketTimeoutException}.
     * {@code what} names the wait in a {@link LoopExit}.
     */
    public void waitReadable(double timeoutSeconds, String what) throws IOException {
        if (timeoutSeconds != Double.POSITIVE_INFINITY) {
            Readiness.await(fd, true, GreenSocket.checked(timeoutSeconds), what, true);
            return;
        }
        // The green engine's wait, inline: every frame here is kept in each parked greenlet's stack.
        Hub hub = Hub.get();
        HubLoop loop = hub.loop();
        Readiness.refuseSecond(hub, fd, true, what);
        Waiter w = new Waiter(hub);
        loop.watch(fd, w, true);
        try {
            w.get(what);
        } finally {
            if (loop.watcher(fd, true) == w) {
                loop.unwatch(fd, true, true);
            }
        }
    }

    /** As {@link #waitReadable}, until the fd is writable. */
    public void waitWritable(double timeoutSeconds, String what) throws IOException {
        Readiness.await(fd, false, GreenSocket.checked(timeoutSeconds), what, true);
    }

    /**
     * Wakes the greenlet waiting for the fd to be readable, soon, as if it were: for a reader
     * that must look at something else now (its connection's output drained). It must expect a
     * readiness that turns out to be EAGAIN, as every reader of a socket must.
     */
    public void wakeReader() {
        Readiness.wakeReader(fd);
    }

    /**
     * Before the fd is closed: a greenlet waiting on it is woken with {@code error} (null: a
     * {@link java.net.SocketException} saying so), and the hub forgets the fd, with no syscall
     * (the close takes it out of the kernel's epoll set). On the hub's thread.
     */
    public void beforeClose(IOException error) {
        Readiness.cancelWaits(fd, error);
    }
}
