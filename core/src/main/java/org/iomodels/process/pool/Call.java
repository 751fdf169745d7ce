package org.iomodels.process.pool;

import java.io.IOException;
import java.io.NotSerializableException;
import org.iomodels.process.ChildError;
import org.iomodels.process.JavaCodec;

/**
 * A user's call on a {@link Pool} (an apply, a map, an imap), as its parts travel: each part is a
 * chunk for one worker, and its outcome comes back to the call on the pool's result thread.
 */
interface Call {
    /** Part {@code part} answered: per row its value, or its error ({@code errors} null if none). */
    void done(int part, Object[] values, ChildError[] errors);

    /** Part {@code part} will not be answered (its worker died, or the pool was terminated). */
    void failed(int part, Throwable error);

    /**
     * Whether an answer may be given to this call on the worker's reader thread (no user callback
     * to run, and the call thread-safe), saving the hand-over to the result thread.
     */
    default boolean inline() {
        return false;
    }

    /** A function, encoded once for every worker (and sent to each before its first chunk that uses it). */
    record Function(int id, byte[] message) {}

    /** One chunk of a call on its way: whose part it is, its id, its function, its encoded {@link Messages.Chunk}. */
    record Part(Call call, int index, long id, Function fn, byte[] chunk) {}

    /** {@code rows} rows of {@code arity} values each, flat in {@code args}, as part {@code index} of {@code call}. */
    static Part part(Call call, int index, long id, Function fn, int arity, int rows, Object[] args) {
        try {
            return new Part(call, index, id, fn, fits(Wire.encode(new Messages.Chunk(id, fn.id(), arity, rows, args)), "a task's arguments"));
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("a task's argument cannot be serialized to a worker: " + e.getMessage()
                    + " is not Serializable", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("a task's arguments cannot be serialized to a worker: " + e, e);
        }
    }

    /** {@code bytes} if a pipe's frame holds them. */
    private static byte[] fits(byte[] bytes, String what) {
        if (bytes.length > org.iomodels.process.Connection.DEFAULT_MAX_FRAME) {
            throw new IllegalArgumentException(what + " serialize to " + bytes.length + " bytes, over the "
                    + org.iomodels.process.Connection.DEFAULT_MAX_FRAME + " a message may have: pass big data through a Queue or shared memory");
        }
        return bytes;
    }

    /** {@code fn}, encoded as the message that gives it to a worker. */
    static Function function(int id, Object fn) {
        try {
            return new Function(id, fits(JavaCodec.TRUSTED.encode(new Messages.Fn(id, JavaCodec.TRUSTED.encode(fn))), "the pool's function"));
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("the pool's function cannot be serialized to a worker: " + e.getMessage()
                    + " is not Serializable (a lambda is when its target type is one of Tasks' and what it captures is)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the pool's function cannot be serialized to a worker: " + e, e);
        }
    }
}
