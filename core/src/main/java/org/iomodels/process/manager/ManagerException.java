package org.iomodels.process.manager;

import java.io.IOException;
import java.io.Serial;
import java.io.UncheckedIOException;

/**
 * A proxy's manager cannot be reached: it is gone (killed, shut down), it refused the key, or
 * its connection broke mid-call. The message names the manager, its pid and address, and, in the
 * process that started it, how its process ended. A proxy's call fails with it at once, never
 * waits for a manager that is not there.
 */
public final class ManagerException extends UncheckedIOException {
    @Serial
    private static final long serialVersionUID = 1L;

    ManagerException(String message, IOException cause) {
        super(message, cause == null ? new IOException(message) : cause);
    }
}
