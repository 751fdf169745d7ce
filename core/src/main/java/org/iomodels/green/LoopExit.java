package org.iomodels.green;

/**
 * Raised in a greenlet that waits when nothing can ever wake it: every greenlet waits, and the hub
 * has no timer, no watched descriptor and no other thread's call pending. gevent's
 * {@code LoopExit} ("This operation would block forever"), with the waits named.
 */
public class LoopExit extends RuntimeException {
    public LoopExit(String message) {
        super(message);
    }
}
