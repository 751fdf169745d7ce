package org.iomodels.cli;

/**
 * Turns SIGINT and SIGTERM into a call of the caller's stop action, so a server can close every
 * descriptor and exit 0 instead of being torn down by the JVM's default handler (exit 130/143).
 *
 * <p>This is the project's one use of {@code sun.misc.Signal} (module jdk.unsupported, a
 * supported-as-is JDK API): the JVM owns signal dispositions, and the only public alternative,
 * a shutdown hook, cannot choose the exit status.
 */
final class Signals {
    private Signals() {}

    /** Runs {@code stop} (on a JVM signal thread) when SIGINT or SIGTERM arrives. */
    static void onTerminate(Runnable stop) {
        for (String name : new String[] {"INT", "TERM"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.run());
        }
    }
}
