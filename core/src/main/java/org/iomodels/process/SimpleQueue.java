package org.iomodels.process;

import java.io.IOException;
import java.io.Serial;

/**
 * Python's {@code multiprocessing.SimpleQueue}: an unbounded {@link Queue} for {@code put},
 * {@code get}, {@code empty} and {@code close} (the same ring; Python's is a pipe and a lock).
 */
public final class SimpleQueue extends Queue {
    @Serial
    private static final long serialVersionUID = 1L;

    public SimpleQueue() throws IOException {
        super(0);
    }
}
