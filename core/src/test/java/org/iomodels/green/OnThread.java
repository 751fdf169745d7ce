package org.iomodels.green;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs a test body on a thread of its own (a hub of its own), failing the test if it takes longer than a bound. */
public final class OnThread {
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private OnThread() {}

    public static void run(Body body) throws Exception {
        run(30, body);
    }

    public static void run(int seconds, Body body) throws Exception {
        Throwable[] failure = new Throwable[1];
        Thread t = Thread.ofPlatform().name("green-test").start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure[0] = e;
            } finally {
                Hub.get().close();
            }
        });
        t.join(seconds * 1000L);
        if (t.isAlive()) {
            t.interrupt();
            fail("the test body did not finish within " + seconds + " s");
        }
        if (failure[0] instanceof Exception e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
    }
}
