package org.iomodels.green;

/** Rethrows any throwable as it is: a switch raises what was thrown into it, checked or not, as Python does. */
final class Sneaky {
    private Sneaky() {}

    static RuntimeException raise(Throwable t) {
        throw Sneaky.<RuntimeException>as(t);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T as(Throwable t) throws T {
        throw (T) t;
    }
}
