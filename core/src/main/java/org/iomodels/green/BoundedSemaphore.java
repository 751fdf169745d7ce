package org.iomodels.green;

/** gevent's {@code BoundedSemaphore}: a {@link Semaphore} that refuses a release beyond its initial value. */
public class BoundedSemaphore extends Semaphore {
    private final int initial;

    public BoundedSemaphore(int value) {
        super(value);
        initial = value;
    }

    @Override
    void beforeRelease(int counterNow, int waiting) {
        if (waiting == 0 && counterNow >= initial) {
            throw new IllegalStateException("BoundedSemaphore released too many times (its value is " + initial + ")");
        }
    }
}
