package org.iomodels.process.manager;

import java.io.Serial;

/** Python's {@code EventProxy}: {@code set}, {@code clear}, {@code isSet}, {@code waitFor} (Python's {@code wait}). */
public final class EventProxy extends BaseProxy {
    @Serial
    private static final long serialVersionUID = 1L;

    EventProxy(Ref ref) {
        super(ref);
    }

    public void set() {
        ref.call("set");
    }

    public void clear() {
        ref.call("clear");
    }

    public boolean isSet() {
        return ref.bool("isSet");
    }

    /** Waits until the event is set, at most {@code timeoutSeconds} (negative: no limit); true if it is set. */
    public boolean waitFor(double timeoutSeconds) {
        return ref.bool("wait", timeoutSeconds);
    }

    public void waitFor() {
        waitFor(-1);
    }
}
