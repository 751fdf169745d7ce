package org.iomodels.process.pool;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.iomodels.process.Tasks.Call0;

/**
 * A {@link Pool} as an {@code ExecutorService}: {@code submit}, {@code invokeAll},
 * {@code invokeAny}, {@code execute}, {@code shutdown} (the pool's), {@code shutdownNow} (its
 * terminate), {@code awaitTermination}. A task must be serializable: a lambda is when it is cast,
 * {@code (Callable<T> & Serializable) () -> ...}, or when it is one of {@code Tasks}' types.
 */
final class PoolExecutor extends AbstractExecutorService {
    private final Pool pool;

    PoolExecutor(Pool pool) {
        this.pool = pool;
    }

    /** A Callable that crosses to a worker. */
    private record AsCall<T>(Callable<T> task) implements Call0<T> {
        @Override
        public T call() throws Exception {
            return task.call();
        }
    }

    private static <T> Call0<T> serializable(Callable<T> task) {
        if (!(task instanceof Serializable)) {
            throw new IllegalArgumentException(task.getClass().getName() + " is not Serializable: a pool's task crosses to a worker"
                    + " (cast a lambda: (Callable<T> & Serializable) () -> ...)");
        }
        return new AsCall<>(task);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return pool.applyAsync(serializable(task));
    }

    @Override
    public Future<?> submit(Runnable task) {
        return submit(task, null);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        if (!(task instanceof Serializable)) {
            throw new IllegalArgumentException(task.getClass().getName() + " is not Serializable: a pool's task crosses to a worker"
                    + " (cast a lambda: (Runnable & Serializable) () -> ...)");
        }
        Runnable r = task;
        return pool.applyAsync(new AsCall<>((Callable<T> & Serializable) () -> {
            r.run();
            return result;
        }));
    }

    @Override
    public void execute(Runnable command) {
        submit(command);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        List<Future<T>> all = new ArrayList<>();
        for (Callable<T> t : tasks) {
            all.add(submit(t));
        }
        for (Future<T> f : all) {
            ((AsyncResult<T>) f).waitFor(-1);
        }
        return all;
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) throws InterruptedException {
        List<Future<T>> all = new ArrayList<>();
        for (Callable<T> t : tasks) {
            all.add(submit(t));
        }
        long end = System.nanoTime() + unit.toNanos(timeout);
        for (Future<T> f : all) { // a task cannot be taken back from a worker: those not done by then are left running
            if (!((AsyncResult<T>) f).waitFor(Math.max(0, end - System.nanoTime()) / 1e9)) {
                break;
            }
        }
        return all;
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("invokeAny of no tasks");
        }
        List<Future<T>> all = new ArrayList<>();
        for (Callable<T> t : tasks) {
            all.add(submit(t));
        }
        long end = System.nanoTime() + Math.min(unit.toNanos(timeout), TimeUnit.DAYS.toNanos(365));
        ExecutionException last = null;
        while (!all.isEmpty()) {
            for (var it = all.iterator(); it.hasNext(); ) {
                AsyncResult<T> r = (AsyncResult<T>) it.next();
                if (r.isReady()) {
                    it.remove();
                    try {
                        return r.get();
                    } catch (ExecutionException e) {
                        last = e;
                    } catch (java.util.concurrent.CancellationException e) {
                        last = new ExecutionException(e);
                    }
                }
            }
            if (System.nanoTime() - end > 0) {
                throw new TimeoutException("no task answered in " + timeout + " " + unit);
            }
            Thread.sleep(1);
        }
        throw last; // every task failed: the last one's error (there was one: tasks is not empty)
    }

    @Override
    public void shutdown() {
        pool.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        pool.terminate();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return pool.workers().isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return pool.workers().isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        if (!isShutdown()) { // as an ExecutorService: wait out the time, then say no
            unit.sleep(timeout);
            if (!isShutdown()) {
                return false;
            }
        }
        return pool.join(unit.toNanos(timeout) / 1e9);
    }
}
