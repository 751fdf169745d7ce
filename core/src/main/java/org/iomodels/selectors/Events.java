package org.iomodels.selectors;

/** The two events a selector watches, as Python's {@code selectors.EVENT_READ} and {@code EVENT_WRITE}. */
public final class Events {
    /** The file object has data to read, a connection to accept, or has hung up / failed. */
    public static final int EVENT_READ = 1;
    /** The file object can take more bytes, or has hung up / failed. */
    public static final int EVENT_WRITE = 1 << 1;

    private Events() {}

    /** {@code READ}, {@code WRITE}, {@code READ|WRITE}, or {@code 0}. */
    public static String toString(int events) {
        return switch (events) {
            case EVENT_READ -> "READ";
            case EVENT_WRITE -> "WRITE";
            case EVENT_READ | EVENT_WRITE -> "READ|WRITE";
            default -> Integer.toString(events);
        };
    }

    static boolean valid(int events) {
        return events != 0 && (events & ~(EVENT_READ | EVENT_WRITE)) == 0;
    }
}
