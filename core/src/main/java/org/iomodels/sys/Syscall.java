package org.iomodels.sys;

import org.iomodels.sys.SyscallCounters.Kind;

/**
 * The calls a {@link SyscallProbe} hears about, each with its name as in {@code man 2} and the
 * {@link Kind} the counters file it under. The names are what ran: our epoll engine calls
 * {@code epoll_pwait2}, the JDK's selector {@code epoll_wait}; glibc's {@code sigtimedwait} is the
 * kernel's {@code rt_sigtimedwait}.
 *
 * <p>The JDK engines report the call their JDK method makes ({@code SocketChannel.read} is one
 * {@code read}), at the JDK method's boundary. {@link #SIGIO} is no call: it is the kernel's
 * notification itself, reported only through {@link SyscallProbe#completed}.
 */
public enum Syscall {
    READ("read", Kind.READ),
    RECV("recv", Kind.READ),
    READV("readv", Kind.READ),
    WRITE("write", Kind.WRITE),
    SEND("send", Kind.WRITE),
    WRITEV("writev", Kind.WRITE),
    SENDFILE("sendfile", Kind.WRITE),
    SELECT("select", Kind.WAIT),
    POLL("poll", Kind.WAIT),
    EPOLL_WAIT("epoll_wait", Kind.WAIT),
    EPOLL_PWAIT2("epoll_pwait2", Kind.WAIT),
    RT_SIGTIMEDWAIT("rt_sigtimedwait", Kind.WAIT),
    IO_URING_ENTER("io_uring_enter", Kind.WAIT),
    SIGIO("SIGIO", Kind.WAIT),
    ACCEPT("accept", Kind.OTHER),
    ACCEPT4("accept4", Kind.OTHER),
    CLOSE("close", Kind.OTHER),
    SHUTDOWN("shutdown", Kind.OTHER),
    EPOLL_CTL("epoll_ctl", Kind.OTHER),
    FCNTL("fcntl", Kind.OTHER),
    /** A file opened for {@code sendFile}: by {@code open(2)}, or by the JDK (result 0: its descriptor is not seen). */
    OPEN("open", Kind.OTHER),
    /** A file window mapped for io_uring to send from ({@code FileChannel.map}: fstat and mmap). */
    MMAP("mmap", Kind.OTHER),
    MUNMAP("munmap", Kind.OTHER),
    /** The size of a file that transferTo could not send from: the end of the file, or a full socket? */
    FSTAT("fstat", Kind.OTHER),
    LSEEK("lseek", Kind.OTHER),
    /** One byte read from a file to wait for room in a socket (the thread engines' sendFile on a virtual thread). */
    PREAD("pread64", Kind.OTHER),
    /** {@code poll} with a zero timeout: a check of descriptors a signal named, not a wait. */
    POLL_CHECK("poll", Kind.OTHER),
    /** {@code io_uring_enter} that only submits, waiting for nothing. */
    IO_URING_SUBMIT("io_uring_enter", Kind.OTHER);

    private final String manName;
    final Kind kind;

    Syscall(String manName, Kind kind) {
        this.manName = manName;
        this.kind = kind;
    }

    /** The name as in {@code man 2}: {@code epoll_pwait2}, {@code accept4}, ... */
    public String manName() {
        return manName;
    }

    public Kind kind() {
        return kind;
    }
}
