package org.iomodels.process;

import java.util.List;

/**
 * Which way children start, as Python's {@code set_start_method}: {@link #FORKSERVER} (a warm
 * spare JVM, the {@link ForkServer}; the default) or {@link #SPAWN} (a new JVM). Read from
 * {@code -Diomodels.process.start} when first asked, set by {@link ChildProcess#setStartMethod}.
 */
final class StartMethod {
    static final String SPAWN = "spawn";
    static final String FORKSERVER = "forkserver";
    /** Null until first asked; written under {@link ForkServer#LOCK}. */
    static volatile String current;

    private StartMethod() {}

    static String get() {
        String m = current;
        if (m == null) { // a bad property is an error at each use, naming it, not a class that fails to load
            m = checked(System.getProperty("iomodels.process.start", FORKSERVER), "-Diomodels.process.start:");
            current = m;
        }
        return m;
    }

    static void set(String m) {
        String checked = checked(m, "start method");
        synchronized (ForkServer.LOCK) {
            current = checked;
            if (checked.equals(SPAWN)) {
                ForkServer.retireWaiting();
            }
        }
    }

    private static String checked(String m, String what) {
        if (SPAWN.equals(m) || FORKSERVER.equals(m)) {
            return m;
        }
        throw new IllegalArgumentException(what + " '" + m + "' is not one of " + List.of(SPAWN, FORKSERVER)
                + ("fork".equals(m) ? " (a JVM cannot fork: its other threads would not follow)" : ""));
    }
}
