package org.iomodels.process.pool;

import java.io.Serial;
import java.io.Serializable;
import org.iomodels.process.ChildError;

/** What crosses a {@link Pool}'s pipe to a worker and back. */
final class Messages {
    private Messages() {}

    /** The functions a worker keeps, the most recently used; the parent's writer keeps the same list to know when to send one again. */
    static final int FUNCTIONS_KEPT = 64;

    /** The last {@link #FUNCTIONS_KEPT} functions used, in the same order on both sides of a worker's pipe. */
    static <V> java.util.Map<Integer, V> keptFunctions() {
        return new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<Integer, V> eldest) {
                return size() > FUNCTIONS_KEPT;
            }
        };
    }

    /** A function a worker keeps by its id (sent to each worker before its first chunk that uses it, and again if the worker let it go). */
    record Fn(int id, byte[] bytes) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /**
     * Tasks for a worker: the function {@code fnId} applied to each row of {@code args}, a flat
     * array of {@code arity} values per row ({@code rows} rows).
     */
    record Chunk(long id, int fnId, int arity, int rows, Object[] args) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** A chunk's outcome: per row, its value, or its error (then the value is null). */
    record Done(long id, Object[] values, ChildError[] errors) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** The worker is about to end (its initializer failed, or it ran out of memory), and why. */
    record Dying(String why, ChildError error) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** No more chunks: the worker exits. */
    record Stop() implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }
}
