package org.iomodels.process.pool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.iomodels.process.Tasks.Call0;
import org.iomodels.process.Tasks.Call1;
import org.iomodels.process.Tasks.Call2;
import org.iomodels.process.Tasks.Task0;

/**
 * Python's {@code multiprocessing.Pool}: worker processes (child JVMs) that run tasks, with
 * Python's methods in Java case: {@link #apply}, {@link #applyAsync}, {@link #map},
 * {@link #mapAsync}, {@link #imap}, {@link #imapUnordered}, {@link #starmap},
 * {@link #starmapAsync}; {@link #shutdown} (Python's {@code close}: no new tasks), {@link #terminate},
 * {@link #join}; and {@link #asExecutorService} for Java code.
 *
 * <p>{@link #close} is try-with-resources' close as Java's {@code ExecutorService.close} means it:
 * no new tasks, wait for those submitted to finish, then the workers end. (Python's
 * {@code with Pool()} terminates instead, and its {@code close} only refuses new tasks: that is
 * {@link #shutdown} here.)
 *
 * <p>A worker that dies (a signal, {@code System.exit}, out of memory) fails exactly the task it
 * was running (a map's chunk: its tasks), at once, with a {@link WorkerDiedException} naming it,
 * its pid and how it ended; the tasks queued behind it go to the other workers, a new worker takes
 * its place and the rest go on. Python's pool hangs there (bpo-22393). A task
 * that throws fails with a {@link org.iomodels.process.ChildError} carrying the worker's stack
 * trace; a callback that throws is reported on stderr and the pool goes on. Tasks, their arguments
 * and results cross with no allow-list: the pipes are the program's own. A pool dropped without
 * {@link #close} or {@link #terminate} is terminated when the collector finds it, as Python's
 * finalizer does: keep a reference while its results are awaited.
 */
public final class Pool implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();
    /** A pool dropped without close or terminate is terminated when collected: its workers do not outlive it. */
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();
    private static final AtomicLong IDS = new AtomicLong();
    private final Workers workers;
    private final AtomicInteger functions = new AtomicInteger();
    private Object lastFn; // the last function encoded, and its encoding: a loop of applyAsync encodes it once
    private Call.Function lastFunction;

    /** A pool of {@code processes} workers. */
    public Pool(int processes) throws IOException {
        this(processes, null, 0);
    }

    /**
     * A pool of {@code processes} workers; each runs {@code initializer} (null: none) first, and
     * after {@code maxTasksPerChild} tasks (0: no limit; a chunk of a map counts as one, as in Python)
     * is replaced by a new one. A failing initializer fails the pool's tasks with its exception.
     */
    public Pool(int processes, Task0 initializer, int maxTasksPerChild) throws IOException {
        if (processes < 1) {
            throw new IllegalArgumentException("a pool needs at least 1 process, not " + processes);
        }
        if (maxTasksPerChild < 0) {
            throw new IllegalArgumentException("maxTasksPerChild is 0 (no limit) or more, not " + maxTasksPerChild);
        }
        workers = new Workers("Pool-" + POOLS.incrementAndGet(), processes, initializer, maxTasksPerChild);
        Workers w = workers; // the action holds the workers, never the pool
        CLEANER.register(this, w::terminate);
    }

    /** A pool of one worker per core. */
    public Pool() throws IOException {
        this(Runtime.getRuntime().availableProcessors());
    }

    public int processes() {
        return workers.processes();
    }

    public <R> R apply(Call0<R> fn) throws InterruptedException {
        return waitFor(applyAsync(fn));
    }

    public <A, R> R apply(Call1<A, R> fn, A arg) throws InterruptedException {
        return waitFor(applyAsync(fn, arg));
    }

    public <R> AsyncResult<R> applyAsync(Call0<R> fn) {
        return applyAsync(fn, null, null);
    }

    public <R> AsyncResult<R> applyAsync(Call0<R> fn, Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        return submitOne(fn, 0, new Object[0], callback, errorCallback);
    }

    public <A, R> AsyncResult<R> applyAsync(Call1<A, R> fn, A arg) {
        return applyAsync(fn, arg, null, null);
    }

    /** Python's {@code apply_async(fn, (arg,), callback=..., error_callback=...)}; either callback may be null. */
    public <A, R> AsyncResult<R> applyAsync(Call1<A, R> fn, A arg, Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        return submitOne(fn, 1, new Object[] {arg}, callback, errorCallback);
    }

    public <A, R> List<R> map(Call1<A, R> fn, Iterable<? extends A> items) throws InterruptedException {
        return waitFor(mapAsync(fn, items));
    }

    public <A, R> List<R> map(Call1<A, R> fn, Iterable<? extends A> items, int chunksize) throws InterruptedException {
        return waitFor(mapAsync(fn, items, chunksize, null, null));
    }

    public <A, R> AsyncResult<List<R>> mapAsync(Call1<A, R> fn, Iterable<? extends A> items) {
        return mapAsync(fn, items, 0, null, null);
    }

    /** Python's {@code map_async}; {@code chunksize} 0 picks one as Python does (four chunks per worker). */
    public <A, R> AsyncResult<List<R>> mapAsync(Call1<A, R> fn, Iterable<? extends A> items, int chunksize,
                                                Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback) {
        List<?> args;
        if (items instanceof List<?> list && list instanceof java.util.RandomAccess) {
            args = list; // its chunks are copied out of it before this returns: no copy of the whole
        } else {
            List<Object> copy = items instanceof java.util.Collection<?> c ? new ArrayList<>(c.size()) : new ArrayList<>();
            items.forEach(copy::add);
            args = copy;
        }
        return submitMap(fn, 1, args, args.size(), chunksize, callback, errorCallback);
    }

    public <A, B, R> List<R> starmap(Call2<A, B, R> fn, Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs)
            throws InterruptedException {
        return waitFor(starmapAsync(fn, pairs, 0, null, null));
    }

    /** Python's {@code starmap_async} for functions of two arguments, each pair an entry ({@code Map.entry(a, b)}). */
    public <A, B, R> AsyncResult<List<R>> starmapAsync(Call2<A, B, R> fn, Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs,
                                                       int chunksize, Consumer<? super List<R>> callback,
                                                       Consumer<? super Throwable> errorCallback) {
        List<Object> args = new ArrayList<>();
        for (Map.Entry<? extends A, ? extends B> e : pairs) {
            args.add(e.getKey());
            args.add(e.getValue());
        }
        return submitMap(fn, 2, args, args.size() / 2, chunksize, callback, errorCallback);
    }

    /** Python's {@code imap}: results in order as they come, the items read only as results are taken (chunksize 1). */
    public <A, R> IMapIterator<R> imap(Call1<A, R> fn, Iterable<? extends A> items) {
        return imap(fn, items, 1);
    }

    public <A, R> IMapIterator<R> imap(Call1<A, R> fn, Iterable<? extends A> items, int chunksize) {
        return new IMapIterator<>(this, function(fn), items.iterator(), chunksize, true);
    }

    /** Python's {@code imap_unordered}: results as they come, in any order. */
    public <A, R> IMapIterator<R> imapUnordered(Call1<A, R> fn, Iterable<? extends A> items) {
        return imapUnordered(fn, items, 1);
    }

    public <A, R> IMapIterator<R> imapUnordered(Call1<A, R> fn, Iterable<? extends A> items, int chunksize) {
        return new IMapIterator<>(this, function(fn), items.iterator(), chunksize, false);
    }

    /** Python's {@code close}: no new tasks; those submitted run, then the workers end. Returns at once. */
    public void shutdown() {
        workers.close();
    }

    /** Python's {@code terminate}: the workers are killed now; every task not yet answered fails. */
    public void terminate() {
        workers.terminate();
    }

    /** Python's {@code join}: waits for the workers to end, after {@link #shutdown} or {@link #terminate}. */
    public void join() throws InterruptedException {
        workers.join(-1);
    }

    /** As {@link #join}, at most {@code timeoutSeconds}; true if the workers have ended. */
    public boolean join(double timeoutSeconds) throws InterruptedException {
        return workers.join(timeoutSeconds);
    }

    /** Try-with-resources: {@link #shutdown}, then {@link #join}: the tasks submitted finish first. */
    @Override
    public void close() throws InterruptedException {
        shutdown();
        join();
    }

    /** This pool as an {@code ExecutorService} ({@code submit}, {@code invokeAll}, {@code shutdown}); tasks must be serializable. */
    public ExecutorService asExecutorService() {
        return new PoolExecutor(this);
    }

    Workers workers() {
        return workers;
    }

    long nextId() {
        return IDS.incrementAndGet();
    }

    synchronized Call.Function function(Object fn) {
        if (fn != lastFn) {
            lastFunction = Call.function(functions.incrementAndGet(), java.util.Objects.requireNonNull(fn, "fn"));
            lastFn = fn;
        }
        return lastFunction;
    }

    private <R> AsyncResult<R> submitOne(Object fn, int arity, Object[] args, Consumer<? super R> callback,
                                         Consumer<? super Throwable> errorCallback) {
        AsyncResult<R> result = new AsyncResult<>(callback, errorCallback);
        Call.Function f = function(fn);
        workers.submit(List.of(Call.part(new ApplyCall<>(result), 0, nextId(), f, arity, 1, args)));
        return result;
    }

    private <R> AsyncResult<List<R>> submitMap(Object fn, int arity, List<?> args, int rows, int chunksize,
                                               Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback) {
        if (chunksize < 0) {
            throw new IllegalArgumentException("chunksize is 1 or more (0: chosen as Python's), not " + chunksize);
        }
        int size = chunksize > 0 ? chunksize : defaultChunksize(rows, processes());
        AsyncResult<List<R>> result = new AsyncResult<>(callback, errorCallback);
        Call.Function f = function(fn);
        int parts = rows / size + (rows % size != 0 ? 1 : 0);
        MapCall<R> call = new MapCall<>(result, rows, size, parts);
        List<Call.Part> all = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            int from = i * size;
            int n = Math.min(size, rows - from);
            all.add(Call.part(call, i, nextId(), f, arity, n, args.subList(from * arity, (from + n) * arity).toArray()));
        }
        if (parts == 0) {
            workers.submit(List.of()); // refused as any other once the pool is closed
            workers.results.execute(() -> result.complete(List.of()));
        } else {
            workers.submit(all);
        }
        return result;
    }

    /** Python's: {@code divmod(len, 4 * processes)}, rounded up. */
    static int defaultChunksize(int items, int processes) {
        int size = items / (processes * 4);
        return items % (processes * 4) != 0 ? size + 1 : Math.max(size, 1);
    }

    private static <T> T waitFor(AsyncResult<T> r) throws InterruptedException {
        try {
            return r.get(-1);
        } catch (TimeoutException e) {
            throw new AssertionError(e); // no limit
        }
    }

    /** Runs a user's callback; what it throws is reported, and the pool goes on. */
    static void runCallback(Runnable r, String what) {
        try {
            r.run();
        } catch (Throwable t) {
            System.err.println("iomodels pool: a " + what + " threw (the pool goes on):");
            t.printStackTrace();
        }
    }
}
