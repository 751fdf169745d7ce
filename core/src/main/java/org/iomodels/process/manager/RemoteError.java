package org.iomodels.process.manager;

import java.io.Serial;
import org.iomodels.process.ChildError;

/**
 * Python's {@code RemoteError}: a method called through a proxy threw, in the manager, an
 * exception that is not raised again as its own class (a checked one, or a class of the user's).
 * {@link #remoteClass} names it; the cause carries the manager's stack trace.
 */
public final class RemoteError extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    RemoteError(String method, ChildError cause) {
        super(method + " raised in the manager: " + cause.getMessage(), cause);
    }

    /** The class of what the manager's method threw, such as {@code java.util.concurrent.BrokenBarrierException}. */
    public String remoteClass() {
        return ((ChildError) getCause()).remoteClass();
    }
}
