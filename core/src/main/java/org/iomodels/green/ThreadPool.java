package org.iomodels.green;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * gevent's threadpool: where a greenlet sends a call that would block the hub (a blocking JDK
 * call, a name lookup). The call runs on one of {@link #SIZE} daemon threads shared by every hub;
 * the greenlet parks until its result is in, and the other greenlets run meanwhile. While a call
 * is out, the hub counts it as something that will wake a greenlet, so it is no {@link LoopExit}.
 */
final class ThreadPool {
    /** Threads of the pool, as gevent's default {@code maxsize}. */
    static final int SIZE = 10;

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final ExecutorService THREADS = Executors.newFixedThreadPool(SIZE,
            r -> Thread.ofPlatform().daemon().name("iomodels-hub-pool-" + NEXT.incrementAndGet()).unstarted(r));

    private ThreadPool() {}

    @SuppressWarnings("unchecked")
    static <T> T run(Hub hub, Callable<T> fn) {
        if (fn == null) {
            throw new IllegalArgumentException("runInThreadPool needs something to run");
        }
        if (Greenlet.current() == hub.greenlet()) {
            throw new IllegalStateException("a hub callback cannot wait for the thread pool: only greenlets can");
        }
        Waiter w = new Waiter(hub);
        hub.ref();
        Runnable task = () -> {
            Object result = null;
            Throwable failure = null;
            try {
                result = fn.call();
            } catch (Throwable t) {
                failure = t;
            }
            Object r = result;
            Throwable f = failure;
            if (!hub.closed) { // a hub closed meanwhile has nobody to wake
                hub.callSoonThreadsafe(() -> {
                    hub.unref();
                    if (f != null) {
                        w.throwInto(f);
                    } else {
                        w.switchTo(r);
                    }
                });
            }
        };
        try {
            THREADS.execute(task);
        } catch (RuntimeException e) {
            hub.unref();
            throw e;
        }
        return (T) w.get("runInThreadPool(" + fn + ")");
    }
}
