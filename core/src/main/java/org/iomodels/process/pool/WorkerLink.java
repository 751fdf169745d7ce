package org.iomodels.process.pool;

import java.io.EOFException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.iomodels.process.Connection;
import org.iomodels.process.JavaCodec;
import org.iomodels.process.Pipe;
import org.iomodels.process.Tasks;

/**
 * The parent's side of one worker: its process, its pipe, the parts it holds (given and not yet
 * answered), a writer thread that sends what {@link Workers} gives it and a reader thread that
 * hands back each answer, and the worker's end (the pipe's end of file) to {@link Workers#lost}.
 */
final class WorkerLink {
    static final Object STOP = new Object();
    private static final byte[] STOP_MESSAGE = encodeStop();

    final PoolWorker worker;
    final String name;
    private final Connection conn;
    private final Workers workers;
    /** Given and not yet answered, by chunk id; guarded by the Workers' lock. */
    final Map<Long, Call.Part> held = new LinkedHashMap<>();
    /** When each held part was given (System.nanoTime); guarded by the Workers' lock. */
    final Map<Long, Long> givenAt = new java.util.HashMap<>();
    /** Whether its last part came back within 2 ms of being given; guarded by the Workers' lock. */
    boolean quick;
    /** Chunks given in all; guarded by the Workers' lock. */
    int given;
    /** Stop sent (or about to be), or the worker has ended: no more parts; guarded by the Workers' lock. */
    boolean stopping;
    final LinkedBlockingQueue<Object> outbox = new LinkedBlockingQueue<>();
    private final Map<Integer, Boolean> knownFunctions = Messages.keptFunctions(); // the writer's: the worker's list, mirrored
    private volatile String dying;
    private volatile Throwable dyingError;

    private WorkerLink(Workers workers, PoolWorker worker, Connection conn, String name) {
        this.workers = workers;
        this.worker = worker;
        this.conn = conn;
        this.name = name;
    }

    static WorkerLink start(Workers workers, String name, Tasks.Task0 initializer, int maxTasks) throws IOException {
        Pipe pipe = Pipe.open();
        PoolWorker w = new PoolWorker(pipe.two(), initializer, maxTasks);
        w.name(name).daemon(true);
        try {
            w.start();
        } catch (IOException | RuntimeException e) {
            pipe.close();
            throw e;
        }
        pipe.two().close(); // the worker's end is the worker's: its death is end of file here
        WorkerLink link = new WorkerLink(workers, w, pipe.one(), name);
        Thread.ofPlatform().daemon().name("iomodels-" + name + "-reader").start(link::read);
        Thread.ofPlatform().daemon().name("iomodels-" + name + "-writer").start(link::write);
        return link;
    }

    private void write() {
        try {
            while (true) {
                Object o = outbox.take();
                if (o == STOP) {
                    conn.sendBytes(STOP_MESSAGE);
                    return;
                }
                Call.Part p = (Call.Part) o;
                if (knownFunctions.get(p.fn().id()) == null) { // a get touches it as the worker's will
                    conn.sendBytes(p.fn().message());
                    knownFunctions.put(p.fn().id(), Boolean.TRUE);
                }
                conn.sendBytes(p.chunk());
            }
        } catch (IOException | InterruptedException e) {
            // the worker has gone: the reader sees its end and says how
        } catch (Throwable t) { // a worker that cannot be given its part would wait for it for ever: ended, it fails the part
            dying = "its part could not be sent (" + t + ")";
            kill();
        }
    }

    private void read() {
        try {
            while (true) {
                Object m = Wire.decode(conn.recvBytes());
                if (m instanceof Messages.Done d) {
                    workers.done(this, d);
                } else if (m instanceof Messages.Dying d) {
                    dying = d.why();
                    dyingError = d.error();
                }
            }
        } catch (EOFException eof) {
            // the worker has ended
        } catch (Throwable e) { // an answer that cannot be decoded (too deep, too big): the worker is ended, its part fails
            dying = "its answer could not be read (" + e + ")";
            kill();
        }
        workers.ended(this);
        conn.close();
        outbox.clear();
        outbox.add(STOP); // the writer ends
        workers.lost(this);
    }

    /** How the worker ended, for a task it held: its name, pid, and its signal or exit code, with the reason it gave. */
    String howItEnded() throws InterruptedException {
        worker.join(5);
        Integer code = worker.exitCode();
        String how = code == null ? "did not answer (still running)"
                : code < 0 ? "was killed by " + org.iomodels.process.ChildProcess.describeExit(code)
                : "exited with code " + code;
        if (dying == null && worker.exception() != null) {
            dyingError = worker.exception();
        }
        return "worker " + name + " (pid " + worker.pid() + ") " + how + (dying != null ? ": " + dying : "");
    }

    /** Ends the worker now (SIGKILL); its reader sees the end of its pipe and {@link Workers#lost} follows. */
    void kill() {
        try {
            worker.kill();
        } catch (IOException | RuntimeException e) {
            // ended already
        }
    }

    /** Why the worker said it was ending (its initializer's exception), or null. */
    Throwable dyingError() {
        return dyingError;
    }

    boolean initializerFailed() {
        return dying != null && dying.startsWith("its initializer");
    }

    private static byte[] encodeStop() {
        try {
            return JavaCodec.TRUSTED.encode(new Messages.Stop());
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
