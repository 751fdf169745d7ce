package org.iomodels.process.manager;

import java.io.Serial;
import java.util.function.BooleanSupplier;

/**
 * Python's {@code ConditionProxy}: a condition on an RLock in the manager (its own, or the
 * {@code rLock} it was made on). {@code await} is Python's {@code wait} ({@code wait} is
 * {@code Object}'s in Java); the lock is held by the thread that acquired it.
 */
public final class ConditionProxy extends BaseProxy {
    @Serial
    private static final long serialVersionUID = 1L;

    ConditionProxy(Ref ref) {
        super(ref);
    }

    public void acquire() {
        ref.call("acquire");
    }

    public boolean acquire(boolean block, double timeoutSeconds) {
        return ref.bool("acquire", block, timeoutSeconds);
    }

    public void release() {
        ref.call("release");
    }

    /** Releases the lock, waits for a notify at most {@code timeoutSeconds} (negative: no limit), takes it back; false on timeout. */
    public boolean await(double timeoutSeconds) {
        return ref.bool("wait", timeoutSeconds);
    }

    /** Python's {@code wait_for}: waits until {@code predicate} holds (checked here, under the lock), at most {@code timeoutSeconds}. */
    public boolean waitFor(BooleanSupplier predicate, double timeoutSeconds) {
        long deadline = timeoutSeconds < 0 ? Long.MAX_VALUE : System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (!predicate.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (deadline != Long.MAX_VALUE && left <= 0) {
                return false;
            }
            await(deadline == Long.MAX_VALUE ? -1 : left / 1e9);
        }
        return true;
    }

    public void notify(int n) {
        ref.call("notify", n);
    }

    /** Python's {@code notify_all} ({@code notifyAll} is {@code Object}'s in Java). */
    public void notifyAllWaiters() {
        ref.call("notifyAll");
    }
}
