package org.iomodels.process;

import java.io.IOException;
import java.io.Serial;

/** Python's {@code multiprocessing.BoundedSemaphore}: a {@link Semaphore} that refuses to be released above its initial value. */
public final class BoundedSemaphore extends Semaphore {
    @Serial
    private static final long serialVersionUID = 1L;

    public BoundedSemaphore() throws IOException {
        this(1);
    }

    public BoundedSemaphore(int value) throws IOException {
        super(value, Math.max(value, 1));
    }
}
