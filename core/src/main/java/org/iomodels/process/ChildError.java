package org.iomodels.process;

import java.io.Serial;

/**
 * An exception thrown in a child process, as the parent sees it: the child's exception class
 * name and message, and the child's stack trace as this exception's own (with its causes
 * likewise). It crosses as this class, so the parent decodes it whatever the child threw.
 */
public final class ChildError extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String remoteClass;

    private ChildError(String remoteClass, String message, StackTraceElement[] trace, ChildError cause) {
        super(remoteClass + (message == null ? "" : ": " + message), cause, false, true);
        this.remoteClass = remoteClass;
        setStackTrace(trace);
    }

    /** {@code t} and its causes, as they will cross (a ChildError already crossed stays as it is). */
    public static ChildError of(Throwable t) {
        if (t instanceof ChildError e) {
            return e;
        }
        return of(t, 0);
    }

    private static ChildError of(Throwable t, int depth) {
        ChildError cause = t.getCause() != null && t.getCause() != t && depth < 20 ? of(t.getCause(), depth + 1) : null;
        return new ChildError(t.getClass().getName(), t.getMessage(), t.getStackTrace(), cause);
    }

    /** The class of what the child threw, such as {@code java.lang.IllegalStateException}. */
    public String remoteClass() {
        return remoteClass;
    }
}
