package org.iomodels.sys;

import java.io.IOException;

/**
 * A system call failed. The message names the call, its key argument, the errno name and
 * strerror's text, e.g. {@code epoll_ctl(ADD, fd=7): EBADF (Bad file descriptor)}.
 */
public final class ErrnoException extends IOException {
    private final String call;
    private final int errno;

    public ErrnoException(String call, int errno) {
        super(call + ": " + Errno.name(errno) + " (" + Errno.strerror(errno) + ")");
        this.call = call;
        this.errno = errno;
    }

    /** The call and its key argument, as in the message: {@code accept4(fd=5)}. */
    public String call() {
        return call;
    }

    /** The errno value the kernel returned. */
    public int errno() {
        return errno;
    }

    /** The symbolic errno, e.g. {@code EMFILE}. */
    public String errnoName() {
        return Errno.name(errno);
    }
}
