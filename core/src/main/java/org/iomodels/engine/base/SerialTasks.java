package org.iomodels.engine.base;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One connection's due {@link org.iomodels.server.Conn#callLater} tasks on the engines without a
 * loop: run in the order they fell due, one at a time, on a thread started when the first falls
 * due and ending when none is left, so the server's one timer thread only hands them over and
 * never runs a handler's code (which may wait for the connection's handler lock, or block in a
 * write).
 */
public final class SerialTasks {
    private final ConcurrentLinkedQueue<Runnable> due = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Thread.Builder threads;
    private final Consumer<Runnable> run;

    /** @param threads what runs a batch; {@code run} runs one task as the engine's handler call */
    public SerialTasks(Thread.Builder threads, Consumer<Runnable> run) {
        this.threads = threads;
        this.run = run;
    }

    /** {@code task} is due: run it after those due before it. Any thread. */
    public void add(Runnable task) {
        due.add(task);
        if (running.compareAndSet(false, true)) {
            threads.start(this::drain);
        }
    }

    private void drain() {
        do {
            for (Runnable t; (t = due.poll()) != null; ) {
                run.accept(t);
            }
            running.set(false);
        } while (!due.isEmpty() && running.compareAndSet(false, true));
    }
}
