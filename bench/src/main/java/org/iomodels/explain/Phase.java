package org.iomodels.explain;

import org.iomodels.server.IoModel;
import org.iomodels.sys.Syscall;
import org.iomodels.sys.SyscallCounters.Kind;

/**
 * Which of Stevens' phases a call belongs to: {@link #WAIT} (phase 1, waiting for the data to be
 * ready: a readiness wait, a signal's, a read that found nothing), {@link #COPY} (phase 2, the
 * bytes between the kernel and the process, either way), {@link #WAIT_COPY} (a blocking read:
 * both in one call), or {@link #SETUP} (accepting, registering, closing).
 */
public enum Phase {
    WAIT("wait"),
    COPY("copy"),
    WAIT_COPY("wait+copy"),
    SETUP("setup");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The models whose reads block: a thread per connection waits in {@code read} itself. */
    static boolean readsBlock(IoModel m) {
        return m == IoModel.BLOCKING || m == IoModel.JDK_BLOCKING || m == IoModel.VIRTUAL;
    }

    /**
     * The phase of a call as the kernel saw it (strace): a virtual thread's socket is non-blocking
     * underneath (its read returns EAGAIN and the thread parks), so only a platform thread's read waits.
     */
    static Phase ofKernelCall(IoModel model, Syscall call, long result) {
        return of(model == IoModel.VIRTUAL ? IoModel.JDK_NIO : model, call, result, false);
    }

    /** The phase of {@code call} (a completion: an operation the kernel did with no call) returning {@code result} on {@code model}. */
    static Phase of(IoModel model, Syscall call, long result, boolean completion) {
        if (call == Syscall.SIGIO || call == Syscall.POLL_CHECK) {
            return WAIT; // the kernel's notification, and the check of what it named
        }
        Kind kind = call.kind();
        if (kind == Kind.WAIT) {
            return WAIT;
        }
        if (kind == Kind.READ) {
            if (result == 0) {
                return SETUP; // end of stream: the client closed
            }
            if (result < 0 && !completion) {
                return WAIT; // EAGAIN: a look for data that found none
            }
            return readsBlock(model) && !completion ? WAIT_COPY : COPY;
        }
        if (kind == Kind.WRITE) {
            return COPY;
        }
        return SETUP;
    }
}
