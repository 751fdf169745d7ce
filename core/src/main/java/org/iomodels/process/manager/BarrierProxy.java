package org.iomodels.process.manager;

import java.io.Serial;
import java.util.concurrent.BrokenBarrierException;

/**
 * Python's {@code BarrierProxy}: {@code await} (Python's {@code wait}) returns an arrival index,
 * different for each party; a timeout or {@link #abort} breaks the barrier
 * ({@link BrokenBarrierException}) until {@link #reset}.
 */
public final class BarrierProxy extends BaseProxy {
    @Serial
    private static final long serialVersionUID = 1L;

    BarrierProxy(Ref ref) {
        super(ref);
    }

    public int await() throws BrokenBarrierException {
        return await(-1);
    }

    /** Waits for every party, at most {@code timeoutSeconds} (negative: no limit). */
    public int await(double timeoutSeconds) throws BrokenBarrierException {
        try {
            return ref.integer("wait", timeoutSeconds);
        } catch (RemoteError e) {
            if (e.remoteClass().equals(BrokenBarrierException.class.getName())) {
                BrokenBarrierException b = new BrokenBarrierException(e.getCause().getMessage());
                b.initCause(e.getCause());
                throw b;
            }
            throw e;
        }
    }

    public void abort() {
        ref.call("abort");
    }

    public void reset() {
        ref.call("reset");
    }

    public int parties() {
        return ref.integer("parties");
    }

    public int nWaiting() {
        return ref.integer("nWaiting");
    }

    public boolean broken() {
        return ref.bool("broken");
    }
}
