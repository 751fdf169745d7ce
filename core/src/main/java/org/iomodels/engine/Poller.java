package org.iomodels.engine;

import java.io.IOException;

/**
 * A readiness mechanism over raw descriptors, as one {@link RawLoop} uses it: select, poll,
 * epoll, or plain retrying. Interest and readiness are {@link LoopConn#READ}/{@link LoopConn#WRITE}
 * bits. Every syscall it makes is counted in the loop's counters.
 */
interface Poller extends AutoCloseable {
    /** Receives one ready descriptor. */
    @FunctionalInterface
    interface Sink {
        /**
         * @param ready  READ/WRITE bits, already limited to the interest (an error or hang-up
         *               makes every watched direction ready, so the next call sees it)
         * @param hangup the kernel reported the peer gone (POLLHUP/EPOLLHUP) or an error
         */
        void ready(int fd, int ready, boolean hangup);
    }

    /** Whether this mechanism can watch {@code fd} at all (select: fd < 1024). */
    default boolean canWatch(int fd) {
        return true;
    }

    void add(int fd, int interest) throws IOException;

    void modify(int fd, int interest) throws IOException;

    /** Stops watching {@code fd}, before the caller closes it. */
    void remove(int fd) throws IOException;

    /** Waits up to {@code timeoutNanos} (negative: no limit), reporting each ready fd to {@code sink}. */
    void poll(long timeoutNanos, Sink sink) throws IOException;

    /** Makes a wait in progress, or the next one, return at once. Any thread. */
    void wakeup();

    /** A hint from the loop that the last round moved data (the retrying poller backs off without it). */
    default void progress() {}

    @Override
    void close();
}
