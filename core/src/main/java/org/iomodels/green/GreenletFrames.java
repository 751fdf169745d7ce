package org.iomodels.green;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * A greenlet's frames: a continuation of the JDK's (what virtual threads run on), whose failure
 * to freeze says why in the greenlet's terms. A class of its own so that {@link Greenlet} can
 * check, before this one loads, that {@code jdk.internal.vm} is exported to it.
 */
final class GreenletFrames extends Continuation {
    private static final ContinuationScope SCOPE = new ContinuationScope("greenlet");

    private GreenletFrames(Runnable body) {
        super(SCOPE, body);
    }

    static Continuation create(Runnable body) {
        return new GreenletFrames(body);
    }

    /** Freezes the running greenlet's frames and returns to the thread's root, whose drive loop runs the next one. */
    static void yieldToRoot() {
        Continuation.yield(SCOPE);
    }

    @Override
    protected void onPinned(Continuation.Pinned reason) {
        throw new IllegalStateException("a greenlet cannot switch away " + switch (reason) {
            case NATIVE -> "from inside a native call";
            case MONITOR -> "while it holds a monitor (synchronized) the JDK cannot move";
            case CRITICAL_SECTION -> "inside a JDK critical section";
            case EXCEPTION -> "while an exception (stack overflow, out of memory) is being thrown";
        });
    }
}
