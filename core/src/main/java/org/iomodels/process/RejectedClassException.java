package org.iomodels.process;

import java.io.InvalidClassException;

/**
 * A message named a class the receiving side does not admit ({@link JavaCodec}'s allow-list):
 * nothing of it was built. The message says which class and how to allow it.
 */
public final class RejectedClassException extends InvalidClassException {
    public RejectedClassException(String className) {
        super(className, "not allowed to cross between processes; allow it with JavaCodec.allow(\"" + className
                + "\") or the system property iomodels.process.allow=" + className);
    }
}
