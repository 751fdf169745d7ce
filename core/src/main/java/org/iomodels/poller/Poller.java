package org.iomodels.poller;

import java.io.IOException;

/**
 * A readiness mechanism over raw descriptors: which of the descriptors it watches can be read or
 * written without blocking. One implementation per mechanism ({@link SelectPoller},
 * {@link PollPoller}, {@link EpollPoller}, {@link SigioPoller}, and {@link SpinPoller}, which asks
 * the kernel nothing), shared by the event-loop engines, by Python's {@code selectors} (thin
 * adapters over these, as CPython's are over its {@code select} module) and by the load generator.
 * A poll allocates nothing; every syscall it makes reports to the probe it was given.
 * Owned by one thread, except {@link #wakeup}.
 */
public interface Poller extends AutoCloseable {
    /** Interest in, or readiness for, reading (the same value as {@code selectors.Events.EVENT_READ}). */
    int READ = 1;
    /** Interest in, or readiness for, writing ({@code selectors.Events.EVENT_WRITE}). */
    int WRITE = 2;

    /** Receives one ready descriptor. */
    @FunctionalInterface
    interface Sink {
        /**
         * @param ready  {@link #READ}/{@link #WRITE} bits: what the kernel reported, within the
         *               interest, except that an error or a hang-up reports both, so that whoever
         *               reads or writes next learns of it
         * @param hangup the kernel reported the peer gone (POLLHUP/EPOLLHUP) or an error
         */
        void ready(int fd, int ready, boolean hangup);
    }

    /** Whether this mechanism can watch {@code fd} at all (select: fd < 1024). */
    default boolean canWatch(int fd) {
        return true;
    }

    /** Starts watching {@code fd} for {@code interest} (READ, WRITE, both, or 0 for nothing yet). */
    void add(int fd, int interest) throws IOException;

    void modify(int fd, int interest) throws IOException;

    /** Stops watching {@code fd}, before the caller closes it. */
    void remove(int fd) throws IOException;

    /** How many descriptors are watched. */
    int size();

    /**
     * Waits up to {@code timeoutNanos} (negative: no limit; 0: does not wait) and reports each
     * ready descriptor to {@code sink}; returns how many it reported (0 on timeout or wake-up).
     * The sink may add, modify and remove descriptors meanwhile; one changed during the call
     * may be reported at the next, which level-triggered readiness allows.
     */
    int poll(long timeoutNanos, Sink sink) throws IOException;

    /**
     * Makes a wait in progress, or the next one, return at once. Any thread. Only a poller opened
     * wakeable has it; the others throw {@link UnsupportedOperationException}.
     */
    void wakeup();

    /** A hint from the caller that the last round moved data (the spinning poller backs off without it). */
    default void progress() {}

    @Override
    void close();

    /** A timeout in milliseconds for a wait that takes them, rounded up so that it is never shorter than asked; -1 for none. */
    static int toMillis(long timeoutNanos) {
        if (timeoutNanos < 0) {
            return -1;
        }
        return (int) Math.min((timeoutNanos + 999_999) / 1_000_000, Integer.MAX_VALUE);
    }
}
