package org.iomodels.green;

/**
 * Raised inside a greenlet to end it quietly ({@link Greenlet#throwInto} with no exception,
 * {@code kill}): a greenlet that dies by it is not a failure, and its parent receives the
 * exception object as the greenlet's value instead of having it raised, as in Python's greenlet.
 */
public class GreenletExit extends RuntimeException {
    public GreenletExit() {
        super("GreenletExit", null, false, false);
    }

    public GreenletExit(String message) {
        super(message, null, false, false);
    }
}
