package org.iomodels.process.pool;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.iomodels.process.Tasks;

/**
 * A {@link Pool}'s workers and the parts waiting for one. Each worker holds at most
 * {@link #PREFETCH} parts (one running, one on its way; up to {@link #QUICK_PREFETCH} while its
 * parts come back within 2 ms, so tiny tasks do not wait for a round trip each; a long part given
 * then may wait behind the quick ones queued on that worker), so the parent always knows what a worker that dies was running: exactly that part fails,
 * the parts queued behind it (which never started) go to the other workers, a new worker takes its
 * place, and the rest go on.
 * Outcomes reach their calls on one result thread, in the order they came (or at once on the
 * worker's reader thread, for a call with no callback to run).
 */
final class Workers {
    /** Parts a worker holds at most: 2 (one running, one on its way), or {@link #QUICK_PREFETCH} while its parts come back within 2 ms. */
    static final int PREFETCH = 2;
    static final int QUICK_PREFETCH = 8;
    private static final long QUICK_NANOS = 2_000_000;
    enum State { RUNNING, CLOSED, TERMINATED }

    private final int processes;
    private final Tasks.Task0 initializer;
    private final int maxTasks;
    private final String poolName;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<WorkerLink> links = new ArrayList<>(); // guarded by lock
    private final ArrayDeque<Call.Part> pending = new ArrayDeque<>(); // guarded by lock
    private State state = State.RUNNING; // guarded by lock
    private String broken; // guarded by lock: why no worker can start
    private int started; // guarded by lock
    final ExecutorService results;

    Workers(String poolName, int processes, Tasks.Task0 initializer, int maxTasks) throws IOException {
        this.poolName = poolName;
        this.processes = processes;
        this.initializer = initializer;
        this.maxTasks = maxTasks;
        this.results = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name(poolName + "-results").unstarted(r));
        lock.lock();
        try {
            for (int i = 0; i < processes; i++) {
                startWorker();
            }
        } catch (IOException | RuntimeException e) {
            state = State.TERMINATED; // no replacements for the workers killed here
            for (WorkerLink l : links) {
                l.kill();
            }
            throw e;
        } finally {
            lock.unlock();
        }
    }

    int processes() {
        return processes;
    }

    /**
     * Queues parts for the workers; refused once the pool is closed (or broken). An imap reads its
     * items as its results are taken, so those it has not read by then are refused too.
     */
    void submit(List<Call.Part> parts) {
        lock.lock();
        try {
            if (state != State.RUNNING) {
                throw new IllegalStateException(poolName + " is " + (state == State.CLOSED ? "closed" : "terminated") + ": it takes no new tasks");
            }
            if (broken != null) {
                throw new IllegalStateException(poolName + " cannot run tasks: " + broken);
            }
            pending.addAll(parts);
            pump();
        } finally {
            lock.unlock();
        }
    }

    /** A worker's answer. */
    void done(WorkerLink link, Messages.Done d) {
        Call.Part p;
        lock.lock();
        try {
            p = link.held.remove(d.id());
            Long given = link.givenAt.remove(d.id());
            link.quick = given != null && System.nanoTime() - given < QUICK_NANOS;
            pump();
        } finally {
            lock.unlock();
        }
        if (p == null) {
            return; // failed already (the pool was terminated)
        }
        if (p.call().inline()) {
            p.call().done(p.index(), d.values(), d.errors());
        } else {
            results.execute(() -> p.call().done(p.index(), d.values(), d.errors()));
        }
    }

    /** A worker's pipe has ended: it is given nothing more (how it ended is worked out in {@link #lost}). */
    void ended(WorkerLink link) {
        lock.lock();
        try {
            link.stopping = true;
        } finally {
            lock.unlock();
        }
    }

    /** A worker has ended: the part it was running fails, naming it, the ones it held go to others; another worker takes its place while there is work. */
    void lost(WorkerLink link) {
        String how;
        try {
            how = link.howItEnded();
        } catch (InterruptedException e) {
            how = "worker " + link.name + " ended";
        }
        lock.lock();
        try {
            links.remove(link);
            // A worker answers its parts in order, one at a time: only the oldest it held can have started.
            // That one fails; the others never ran, and go to the other workers first.
            List<Call.Part> held = new ArrayList<>(link.held.values());
            for (int i = held.size() - 1; i >= 1; i--) {
                pending.addFirst(held.get(i));
            }
            link.held.clear();
            link.givenAt.clear();
            if (link.initializerFailed() && broken == null) {
                broken = how;
            }
            if (state != State.TERMINATED && broken == null && (state == State.RUNNING || !pending.isEmpty())) {
                try {
                    startWorker();
                } catch (IOException | RuntimeException e) {
                    broken = "a worker cannot start: " + e;
                }
            }
            // Outcomes are queued before the last worker's end is signalled: join shuts the result thread down after them.
            WorkerDiedException died = new WorkerDiedException(how, link.dyingError());
            if (!held.isEmpty()) {
                Call.Part p = held.getFirst();
                results.execute(() -> p.call().failed(p.index(), died));
            }
            if (broken != null) {
                IllegalStateException cannot = new IllegalStateException(poolName + " cannot run tasks: " + broken, link.dyingError());
                for (Call.Part p : pending) {
                    results.execute(() -> p.call().failed(p.index(), cannot));
                }
                pending.clear();
            }
            pump();
            if (links.isEmpty() && state != State.RUNNING) {
                results.shutdown(); // after the outcomes queued above: they run first
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Python's close: no new tasks; the workers stop once everything given has been answered. */
    void close() {
        lock.lock();
        try {
            if (state == State.RUNNING) {
                state = State.CLOSED;
            }
            pump();
        } finally {
            lock.unlock();
        }
    }

    /** Python's terminate: the workers killed now, every part not answered fails. */
    void terminate() {
        lock.lock();
        try {
            state = State.TERMINATED;
            List<Call.Part> cancelled = new ArrayList<>(pending);
            pending.clear();
            for (WorkerLink l : links) {
                cancelled.addAll(l.held.values());
                l.held.clear();
                l.givenAt.clear();
                l.kill();
            }
            CancellationException e = new CancellationException(poolName + " was terminated before this task was answered");
            for (Call.Part p : cancelled) { // queued under the lock: before any join can shut the result thread down
                results.execute(() -> p.call().failed(p.index(), e));
            }
            if (links.isEmpty()) {
                results.shutdown();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits for every worker to end (after close or terminate), at most {@code timeoutSeconds} (negative: no limit); true if they have. */
    boolean join(double timeoutSeconds) throws InterruptedException {
        long end = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        lock.lock();
        try {
            if (state == State.RUNNING) {
                throw new IllegalStateException(poolName + " is still running: close (shutdown) or terminate it before join");
            }
            while (!links.isEmpty()) {
                if (timeoutSeconds < 0) {
                    changed.await();
                } else if (!changed.await(end - System.nanoTime(), TimeUnit.NANOSECONDS) && System.nanoTime() - end >= 0) {
                    return false;
                }
            }
        } finally {
            lock.unlock();
        }
        results.shutdown(); // lost() did, when the last worker ended; idempotent
        return timeoutSeconds < 0 ? results.awaitTermination(1, TimeUnit.DAYS)
                : results.awaitTermination(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    boolean isShutdown() {
        lock.lock();
        try {
            return state != State.RUNNING;
        } finally {
            lock.unlock();
        }
    }

    boolean isTerminated() {
        lock.lock();
        try {
            return state != State.RUNNING && links.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Gives parts to workers with room; once closed and drained, tells idle workers to stop. Under the lock. */
    private void pump() {
        while (!pending.isEmpty()) { // each part to the worker that holds fewest: an idle one first
            WorkerLink to = null;
            for (WorkerLink l : links) {
                if (!l.stopping && l.held.size() < (l.quick ? QUICK_PREFETCH : PREFETCH) && (maxTasks == 0 || l.given < maxTasks)
                        && (to == null || l.held.size() < to.held.size())) {
                    to = l;
                }
            }
            if (to == null) {
                break;
            }
            Call.Part p = pending.poll();
            to.held.put(p.id(), p);
            to.givenAt.put(p.id(), System.nanoTime());
            to.given++;
            to.outbox.add(p);
        }
        if (state != State.RUNNING && pending.isEmpty()) {
            for (WorkerLink l : links) {
                if (l.held.isEmpty() && !l.stopping) {
                    l.stopping = true;
                    l.outbox.add(WorkerLink.STOP);
                }
            }
        }
    }

    /** Under the lock. */
    private void startWorker() throws IOException {
        links.add(WorkerLink.start(this, poolName + "-worker-" + ++started, initializer, maxTasks));
    }
}
