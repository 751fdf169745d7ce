package org.iomodels.process.pool;

import java.io.Serial;
import java.io.Serializable;
import org.iomodels.process.ChildError;

/** What crosses a {@link Pool}'s pipe to a worker and back. */
final class Messages {
    private Messages() {}

    /** A function a worker keeps by its id (sent once to each worker, before its first chunk that uses it). */
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
