package org.iomodels.server;

import java.util.Arrays;
import java.util.List;

/**
 * The I/O models a {@link Server} can run on, by the name the command line uses. Stevens'
 * models first (raw syscalls through {@code sys}), then the JDK's own. Whether this machine can
 * run one is the engines' to say ({@code Engines.unsupportedReason}).
 */
public enum IoModel {
    BLOCKING("blocking", "blocking accept/read/write on raw fds, a platform thread per connection"),
    NONBLOCKING("nonblocking", "O_NONBLOCK fds, one thread retrying every socket (EAGAIN), backing off when idle"),
    SELECT("select", "select(2) readiness loop (fds < 1024 only)"),
    POLL("poll", "poll(2) readiness loop"),
    EPOLL("epoll", "epoll(7) readiness loop, level-triggered"),
    SIGIO("sigio", "signal-driven: O_ASYNC + F_SETSIG real-time signals to one thread, collected with sigtimedwait"),
    IO_URING("io_uring", "io_uring(7): the kernel waits and copies; multishot accept and recv, provided buffers, one enter per loop turn"),
    JDK_BLOCKING("jdk-blocking", "java.net.Socket, a platform thread per connection"),
    JDK_NIO("jdk-nio", "java.nio.channels.Selector (epoll inside the JDK)"),
    JDK_NIO2("jdk-nio2", "AsynchronousSocketChannel with CompletionHandlers"),
    VIRTUAL("virtual", "java.net.Socket, a virtual thread per connection"),
    GREEN("green", "greenlets (the JDK's continuations): a greenlet per connection written blocking-style, one epoll hub per loop thread");

    private final String cliName;
    private final String mechanism;

    IoModel(String cliName, String mechanism) {
        this.cliName = cliName;
        this.mechanism = mechanism;
    }

    /** The name used on the command line, e.g. {@code jdk-nio}. */
    public String cliName() {
        return cliName;
    }

    /** The kernel or JDK mechanism, one line. */
    public String mechanism() {
        return mechanism;
    }

    /** The model named {@code name}; the error lists every valid name. */
    public static IoModel byName(String name) {
        for (IoModel m : values()) {
            if (m.cliName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "'; valid models: " + String.join(", ", names()));
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(IoModel::cliName).toList();
    }

    @Override
    public String toString() {
        return cliName;
    }
}
