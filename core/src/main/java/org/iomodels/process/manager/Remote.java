package org.iomodels.process.manager;

import org.iomodels.process.ChildError;

/**
 * What a method threw in the manager, raised again in the caller, as Python's proxies re-raise the
 * manager's exception: an unchecked exception of the JDK (an {@code IndexOutOfBoundsException},
 * an {@code IllegalArgumentException}...) or one of the process package's (a queue's
 * {@code Empty}, {@code Full}) is thrown again as its own class, with the manager's stack trace as
 * its cause; any other becomes a {@link RemoteError} naming its class.
 */
final class Remote {
    private Remote() {}

    static RuntimeException raise(ChildError e, String method) {
        String name = e.remoteClass();
        String message = e.getMessage().startsWith(name + ": ") ? e.getMessage().substring(name.length() + 2) : null;
        if (name.startsWith("java.") || name.startsWith("org.iomodels.process.")) {
            try {
                Class<?> c = Class.forName(name, false, Remote.class.getClassLoader());
                if (RuntimeException.class.isAssignableFrom(c)) {
                    RuntimeException again = (RuntimeException) c.getConstructor(String.class).newInstance(message);
                    again.initCause(e);
                    return again;
                }
            } catch (ReflectiveOperationException | LinkageError | IllegalStateException ignored) {
                // no (String) constructor, or a cause it would not take: a RemoteError says the same
            }
        }
        return new RemoteError(method, e);
    }
}
