package org.iomodels.prefork;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import org.iomodels.process.Connection;
import org.iomodels.process.Pipe;

/**
 * One place among a {@link PreforkServer}'s N: the worker in it now, its control pipe, and the
 * thread that watches it and starts another when it dies, after a back-off. The pipe carries the
 * worker's ready (its port), the stop (how long to drain) and the worker's report.
 */
final class Slot {
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5000;
    /** A worker that lived this long resets the back-off. */
    private static final long STEADY_MILLIS = 10_000;

    private final PreforkServer server;
    private final int index;
    private volatile PreforkWorker worker;
    private volatile Connection control;
    private volatile long startedAt;
    private volatile int restarts;
    private volatile PreforkWorker.Report report;
    private final Object reported = new Object();
    private Thread watcher;

    Slot(PreforkServer server, int index) {
        this.server = server;
        this.index = index;
    }

    /** Guards the worker and its pipe against a stop that comes while a restart puts in new ones. */
    private final Object lock = new Object();
    private boolean stopAsked;

    /** Starts a worker in this slot (its JVM; it says ready later); false if a stop came first. */
    boolean launch() throws IOException {
        synchronized (lock) {
            if (stopAsked) {
                return false;
            }
            Pipe pipe = Pipe.open();
            PreforkWorker w = server.newWorker(index, pipe.two());
            try {
                w.start();
            } catch (IOException | RuntimeException e) {
                pipe.one().close();
                throw e;
            } finally {
                pipe.two().close(); // the child has its own end: this one's close makes its death our end of file
            }
            Connection old = control;
            if (old != null) {
                old.close();
            }
            control = pipe.one();
            worker = w;
            startedAt = System.nanoTime();
            return true;
        }
    }

    /** Waits for the worker's ready; an IOException saying why it did not come. */
    void awaitReady(double seconds) throws IOException {
        PreforkWorker w = worker;
        try {
            if (!control.poll(seconds)) {
                throw new IOException("worker " + index + " (pid " + w.pid() + ") did not listen within " + seconds + " s");
            }
            Object said = control.recv(); // its port: the one reserved
            if (said instanceof String failed) {
                throw new IOException("worker " + index + " (pid " + w.pid() + ") could not listen: "
                        + failed.substring(PreforkWorker.FAILED.length()));
            }
        } catch (EOFException e) {
            throw new IOException("worker " + index + " (pid " + w.pid() + ") ended before it listened: " + ended(w), e);
        }
    }

    /** Watches the worker from now on, on a thread of its own. */
    void supervise() {
        watcher = Thread.ofPlatform().daemon().name("prefork-slot-" + index).start(this::watch);
    }

    private void watch() {
        try {
            watchWorkers();
        } finally {
            synchronized (reported) {
                reported.notifyAll(); // a finish waiting for a report that will not come returns now
            }
        }
    }

    private void watchWorkers() {
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            PreforkWorker w = worker;
            Connection c = control;
            try {
                Object m = c.recv(); // nothing comes but the report, after a stop
                if (m instanceof PreforkWorker.Report r) {
                    synchronized (reported) {
                        report = r;
                        reported.notifyAll();
                    }
                }
                return;
            } catch (IOException e) {
                // end of file: the worker died (or was stopped without a report)
            }
            c.close();
            if (server.stopping()) {
                return;
            }
            if ((System.nanoTime() - startedAt) / 1_000_000 >= STEADY_MILLIS) {
                backoff = FIRST_BACKOFF_MILLIS;
            }
            synchronized (lock) {
                worker = null;
            }
            server.log("worker " + index + " (pid " + w.pid() + ") died: " + ended(w) + "; starting another in " + backoff + " ms");
            if (!restart(backoff)) {
                return;
            }
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
    }

    /** After {@code backoff}, a new worker in this slot, ready; false if the server stopped meanwhile. */
    private boolean restart(long backoff) {
        while (!server.stopping()) {
            try {
                Thread.sleep(backoff);
                if (!launch()) {
                    return false; // stopped meanwhile
                }
                awaitReady(60);
                restarts++;
                server.log("worker " + index + " restarted (pid " + worker.pid() + ")");
                return true;
            } catch (InterruptedException e) {
                return false;
            } catch (IOException e) {
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                server.log("worker " + index + " could not be restarted: " + e.getMessage() + "; trying again in " + backoff + " ms");
                PreforkWorker failed = worker;
                if (failed != null && failed.isAlive()) {
                    killQuietly(failed);
                }
            }
        }
        return false;
    }

    /** How a worker ended, as a log line says it: a signal by name, an exit code, what it threw. */
    static String ended(PreforkWorker w) {
        try {
            w.join(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Integer code = w.exitCode();
        String how = code == null ? "still running" : org.iomodels.process.ChildProcess.describeExit(code);
        return w.exception() != null ? how + " (" + w.exception().getMessage() + ")" : how;
    }

    long pid() {
        PreforkWorker w = worker;
        return w == null ? 0 : w.pid();
    }

    int restarts() {
        return restarts;
    }

    void askToStop(Duration drain) {
        synchronized (lock) {
            stopAsked = true; // a restart under way puts in no new worker
            Connection c = control;
            try {
                if (c != null && worker != null) {
                    c.send(drain.toMillis());
                }
            } catch (IOException e) {
                // already gone: nothing to stop
            }
        }
    }

    /** The worker's report, waited for until {@code deadline} (nanoTime); the worker is killed if it has not ended by then. */
    WorkerReport finish(long deadline) {
        PreforkWorker w;
        synchronized (lock) {
            w = worker;
        }
        PreforkWorker.Report r;
        synchronized (reported) {
            while (report == null && System.nanoTime() - deadline < 0 && w != null && watcher != null && watcher.isAlive()) {
                try {
                    reported.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            r = report;
        }
        if (w != null) {
            try {
                if (!w.join(Math.max(0, (deadline - System.nanoTime()) / 1e9))) {
                    killQuietly(w);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                killQuietly(w);
            }
        }
        Connection c = control;
        if (c != null) {
            c.close();
        }
        return r == null || w == null ? null : new WorkerReport(index, w.pid(), r.snapshot(), r.requests());
    }

    private static void killQuietly(PreforkWorker w) {
        try {
            w.kill();
        } catch (IOException | RuntimeException e) {
            // it ended meanwhile
        }
    }
}
