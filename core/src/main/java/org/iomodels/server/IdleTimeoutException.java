package org.iomodels.server;

import java.io.IOException;
import java.time.Duration;

/** The cause {@code Handler.onClose} sees for a connection closed for having no traffic. */
public final class IdleTimeoutException extends IOException {
    public IdleTimeoutException(Duration timeout) {
        super("idle for longer than " + timeout.toMillis() + " ms");
    }
}
