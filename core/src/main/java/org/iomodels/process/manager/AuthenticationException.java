package org.iomodels.process.manager;

import java.io.Serial;

/** Python's {@code AuthenticationError}: the two ends of a manager connection do not share the authkey. */
public final class AuthenticationException extends java.io.IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }
}
