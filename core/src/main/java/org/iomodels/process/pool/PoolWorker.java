package org.iomodels.process.pool;

import java.io.EOFException;
import java.io.IOException;
import java.io.Serial;
import java.util.Map;
import org.iomodels.process.ChildError;
import org.iomodels.process.ChildProcess;
import org.iomodels.process.Connection;
import org.iomodels.process.JavaCodec;
import org.iomodels.process.Tasks;

/**
 * A {@link Pool}'s worker, Python's {@code worker()}: runs its initializer, then each chunk it is
 * given, and answers each with a {@link Messages.Done}; after {@code maxTasks} chunks (0: no limit)
 * it exits, as Python's {@code maxtasksperchild}. An {@link OutOfMemoryError} ends it (after it
 * says so): a heap that ran out is no place for the next task.
 */
final class PoolWorker extends ChildProcess {
    @Serial
    private static final long serialVersionUID = 1L;
    private final Connection link;
    private final Tasks.Task0 initializer;
    private final int maxTasks;

    PoolWorker(Connection link, Tasks.Task0 initializer, int maxTasks) {
        this.link = link;
        this.initializer = initializer;
        this.maxTasks = maxTasks;
    }

    @Override
    public void run() throws Exception {
        Connection c = link.withCodec(JavaCodec.TRUSTED);
        if (initializer != null) {
            try {
                initializer.run();
            } catch (Throwable t) {
                c.sendBytes(JavaCodec.TRUSTED.encode(new Messages.Dying("its initializer failed", ChildError.of(t))));
                System.exit(1);
            }
        }
        Map<Integer, Object> functions = Messages.keptFunctions(); // the writer keeps the same list, in the same order
        for (int done = 0; maxTasks == 0 || done < maxTasks; ) {
            Object m;
            try {
                m = Wire.decode(c.recvBytes());
            } catch (EOFException eof) {
                return; // the pool has gone
            }
            if (m instanceof Messages.Fn f) {
                try {
                    functions.put(f.id(), JavaCodec.TRUSTED.decode(f.bytes()));
                } catch (IOException | RuntimeException | LinkageError e) { // its chunks fail with why, the worker goes on
                    functions.put(f.id(), ChildError.of(new IllegalStateException("the pool's function cannot be read in the worker: " + e, e)));
                }
            } else if (m instanceof Messages.Chunk chunk) {
                Object fn = functions.get(chunk.fnId());
                Messages.Done d = fn instanceof ChildError e ? failedAll(chunk, e) : runChunk(c, fn, chunk);
                byte[] answer;
                try {
                    answer = Wire.encode(d);
                    if (answer.length > Connection.DEFAULT_MAX_FRAME) {
                        throw new IOException("the results serialize to " + answer.length + " bytes, over the " + Connection.DEFAULT_MAX_FRAME
                                + " a message may have");
                    }
                } catch (IOException | RuntimeException e) { // a result that cannot cross: its chunk fails with why
                    answer = Wire.encode(failedAll(chunk, ChildError.of(e)));
                }
                c.sendBytes(answer);
                done++;
            } else {
                return; // Stop
            }
        }
    }

    private static Messages.Done runChunk(Connection c, Object fn, Messages.Chunk chunk) throws IOException {
        int rows = chunk.rows();
        int arity = chunk.arity();
        Object[] args = chunk.args();
        Object[] values = new Object[rows];
        ChildError[] errors = null;
        for (int i = 0; i < rows; i++) {
            try {
                values[i] = call(fn, arity, args, i * arity);
            } catch (OutOfMemoryError oom) {
                values = null;
                try {
                    c.sendBytes(JavaCodec.TRUSTED.encode(new Messages.Dying("it ran out of memory (" + oom.getMessage() + ")", null)));
                } finally {
                    Runtime.getRuntime().halt(3);
                }
            } catch (Throwable t) {
                if (errors == null) {
                    errors = new ChildError[rows];
                }
                errors[i] = ChildError.of(t);
            }
        }
        return new Messages.Done(chunk.id(), values, errors);
    }

    private static Messages.Done failedAll(Messages.Chunk chunk, ChildError e) {
        ChildError[] errors = new ChildError[chunk.rows()];
        java.util.Arrays.fill(errors, e);
        return new Messages.Done(chunk.id(), new Object[chunk.rows()], errors);
    }

    @SuppressWarnings("unchecked")
    private static Object call(Object fn, int arity, Object[] a, int at) throws Exception {
        return switch (arity) {
            case 0 -> ((Tasks.Call0<Object>) fn).call();
            case 1 -> ((Tasks.Call1<Object, Object>) fn).call(a[at]);
            default -> ((Tasks.Call2<Object, Object, Object>) fn).call(a[at], a[at + 1]);
        };
    }
}
