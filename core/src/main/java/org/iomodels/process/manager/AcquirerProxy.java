package org.iomodels.process.manager;

import java.io.Serial;
import org.iomodels.process.SyncLock;

/**
 * Python's {@code AcquirerProxy}: a manager's {@code lock}, {@code rLock}, {@code semaphore} or
 * {@code boundedSemaphore}. An {@code rLock} is held by the thread that acquired it (each thread
 * has its own connection); a {@code lock} may be released by any. Timeouts are seconds, negative
 * for none. A client that dies holding a lock lets it go: its connection's end releases it.
 */
public final class AcquirerProxy extends BaseProxy implements SyncLock {
    @Serial
    private static final long serialVersionUID = 1L;

    AcquirerProxy(Ref ref) {
        super(ref);
    }

    @Override
    public void acquire() {
        ref.call("acquire");
    }

    @Override
    public boolean acquire(boolean block, double timeoutSeconds) {
        return ref.bool("acquire", block, timeoutSeconds);
    }

    @Override
    public void release() {
        ref.call("release");
    }

    /** Acquires it for a try-with-resources block, released at its end (Python's {@code with lock:}). */
    public AutoCloseable hold() {
        acquire();
        return this::release;
    }

    /** A semaphore's value now (Python's {@code get_value}); for a lock, use {@code acquire(false, 0)}. */
    public int getValue() {
        return ref.integer("getValue");
    }
}
