package org.iomodels.process.pool;

import java.io.Serial;

/**
 * A task's worker ended before answering it: killed by a signal, {@code System.exit}, out of
 * memory. The message names the worker, its pid and how it ended; the pool has started another
 * worker, and only the task the dead one was running fails (those queued behind it run elsewhere). Python's pool hangs for ever here (bpo-22393).
 */
public final class WorkerDiedException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    WorkerDiedException(String message, Throwable cause) {
        super(message, cause);
    }
}
