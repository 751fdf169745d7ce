package org.iomodels.process;

import java.io.IOException;
import java.io.Serial;

/** Python's {@code multiprocessing.Event}: a flag shared by processes; {@link #waitFor} waits until it is set. */
public final class Event extends SharedObject {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long FLAG = 8;
    private static final long SEQ = 12;
    private static final long WAITERS = 16;

    public Event() throws IOException {
        super("event", 64);
    }

    public boolean isSet() {
        return getInt(FLAG) != 0;
    }

    public void set() throws IOException {
        lock();
        try {
            setInt(FLAG, 1);
            signal(SEQ, WAITERS);
        } finally {
            unlock();
        }
    }

    public void clear() throws IOException {
        lock();
        try {
            setInt(FLAG, 0);
        } finally {
            unlock();
        }
    }

    /** Waits until the flag is set, at most {@code timeoutSeconds} (negative: no limit); the flag then (Python's {@code wait}). */
    public boolean waitFor(double timeoutSeconds) throws IOException {
        long deadline = FutexLock.deadline(true, timeoutSeconds);
        lock();
        try {
            while (getInt(FLAG) == 0) {
                if (!await(SEQ, WAITERS, deadline)) {
                    return false;
                }
            }
            return true;
        } finally {
            unlock();
        }
    }

    public void waitFor() throws IOException {
        waitFor(-1);
    }
}
