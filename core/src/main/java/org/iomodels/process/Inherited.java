package org.iomodels.process;

import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The descriptors a child inherits at its start: while the parent encodes a {@link ChildProcess}
 * for its child, each {@link Connection} among its fields becomes a {@link Ref} to a slot and its
 * descriptor is collected ({@link #collect}); {@code posix_spawn} gives slot {@code i} to the
 * child as descriptor {@code 4 + i} (3 is the control channel), where the child's decoding turns
 * the Ref back into a Connection on it. Outside a child's start a Connection does not serialize.
 */
final class Inherited {
    /** The first descriptor number of the inherited ones in a child. */
    static final int FIRST_FD = 4;
    private static final ThreadLocal<List<Integer>> COLLECTING = new ThreadLocal<>();

    private Inherited() {}

    /** Encodes with {@code encode} while collecting the descriptors of what it serializes; returns them. */
    static List<Integer> collect(ThrowingRunnable encode) throws java.io.IOException {
        List<Integer> fds = new ArrayList<>();
        COLLECTING.set(fds);
        try {
            encode.run();
        } finally {
            COLLECTING.remove();
        }
        return fds;
    }

    interface ThrowingRunnable {
        void run() throws java.io.IOException;
    }

    /** What a Connection on {@code fd} serializes as, inside {@link #collect}. */
    static Object replace(int fd, boolean readable, boolean writable) throws ObjectStreamException {
        List<Integer> fds = COLLECTING.get();
        if (fds == null) {
            throw new NotSerializableException("a Connection crosses to a child only as an argument (or a field) of its ChildProcess,"
                    + " which hands the child its descriptor as it starts");
        }
        int slot = fds.indexOf(fd);
        if (slot < 0) {
            fds.add(fd);
            slot = fds.size() - 1;
        }
        return new Ref(slot, readable, writable);
    }

    /** A Connection as it crosses: the slot of its descriptor in the child. */
    record Ref(int slot, boolean readable, boolean writable) implements Serializable {
        @Serial
        private Object readResolve() {
            return new Connection(FIRST_FD + slot, readable, writable);
        }
    }
}
