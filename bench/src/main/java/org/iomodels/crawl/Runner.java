package org.iomodels.crawl;

import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.iomodels.green.Green;
import org.iomodels.green.Hub;
import org.iomodels.green.SimpleQueue;

/**
 * How a mode runs fetches at once: where the coordinator runs, how a fetch is started, and how
 * its outcome comes back. The coordinator alone touches the crawl's state; a fetch only fetches
 * and posts what it got ({@link #post}), so the crawl logic is written once for every mode.
 */
abstract class Runner implements AutoCloseable {
    /**
     * What a fetch got: the response or the error, and when it started and ended (nanoTime). A
     * fetch posts one with {@code ended} 0 first, as it begins: the coordinator tells of a GET
     * when it really starts (in {@code unpatched} mode, after the previous fetch ended).
     */
    record Done(Fetch fetch, Fetcher.Response response, Throwable error, long started, long ended) {
        boolean begun() {
            return ended == 0;
        }
    }

    /** What {@link #wake} posts: no fetch's, so the coordinator's wait ends and it looks at what came. */
    static final Done WAKE = new Done(null, null, null, 0, -1);

    final Fetcher fetcher;

    Runner(Fetcher fetcher) {
        this.fetcher = fetcher;
    }

    static Runner of(CrawlOptions o) {
        return switch (o.mode()) {
            case SEQUENTIAL -> new Inline(new BlockingFetcher(o));
            case GREEN -> new Greenlets(o, true);
            case UNPATCHED -> new Greenlets(o, false);
            case VIRTUAL -> new VirtualThreads(new JdkFetcher(o));
        };
    }

    /** Runs the coordinator where the mode's fetches can run beside it (here, on the caller's thread, unless the mode says otherwise). */
    <T> T run(Callable<T> coordinator) throws Exception {
        return coordinator.call();
    }

    /** Starts {@code fetch}: it runs {@code task}, which ends with {@link #post}. */
    abstract void spawn(Fetch fetch, Runnable task);

    /** The next outcome, waiting at most {@code nanos}; null if none came. The coordinator. */
    abstract Done take(long nanos) throws InterruptedException;

    abstract void post(Done d);

    /** Ends the coordinator's {@link #take}, from any thread. */
    abstract void wake();

    @Override
    public void close() {
        fetcher.close();
    }

    /** {@code sequential}: a fetch runs to its end when started, on the coordinator's thread. */
    static final class Inline extends Runner {
        private final LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();

        Inline(Fetcher f) {
            super(f);
        }

        @Override
        void spawn(Fetch fetch, Runnable task) {
            task.run();
        }

        @Override
        Done take(long nanos) throws InterruptedException {
            return done.poll(nanos, TimeUnit.NANOSECONDS); // nothing in flight: a host's pacing, a retry's backoff, or a wake
        }

        @Override
        void post(Done d) {
            done.add(d);
        }

        @Override
        void wake() {
            done.add(WAKE);
        }
    }

    /** {@code virtual}: a virtual thread per fetch. */
    static final class VirtualThreads extends Runner {
        private final LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();

        VirtualThreads(Fetcher f) {
            super(f);
        }

        @Override
        void spawn(Fetch fetch, Runnable task) {
            Thread.ofVirtual().name("crawl " + fetch.url()).start(task);
        }

        @Override
        Done take(long nanos) throws InterruptedException {
            return done.poll(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        void post(Done d) {
            done.add(d);
        }

        @Override
        void wake() {
            done.add(WAKE);
        }
    }

    /**
     * {@code green} and {@code unpatched}: a greenlet per fetch on a hub of a thread of the crawl's
     * own, the coordinator on its root greenlet. With the cooperative client a fetch parks at each
     * wait and the others run; with the blocking one (unpatched) it holds the thread to its end.
     */
    static final class Greenlets extends Runner {
        private SimpleQueue<Done> done;
        private volatile Hub hub;

        Greenlets(CrawlOptions o, boolean patched) {
            super(patched ? new GreenFetcher(o) : new BlockingFetcher(o));
        }

        @Override
        <T> T run(Callable<T> coordinator) throws Exception {
            AtomicReference<T> result = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = Thread.ofPlatform().name("crawl-hub").start(() -> {
                Hub hub = Hub.get();
                try {
                    done = new SimpleQueue<>();
                    this.hub = hub;
                    result.set(coordinator.call());
                } catch (Throwable e) {
                    failure.set(e);
                } finally {
                    fetcher.close();
                    hub.close();
                }
            });
            t.join();
            if (failure.get() instanceof Exception e) {
                throw e;
            } else if (failure.get() instanceof Error e) {
                throw e;
            }
            return result.get();
        }

        @Override
        void spawn(Fetch fetch, Runnable task) {
            Green.spawn(task, "fetch " + fetch.url());
        }

        @Override
        Done take(long nanos) {
            try {
                return done.get(true, nanos / 1e9);
            } catch (SimpleQueue.Empty e) {
                return null;
            }
        }

        @Override
        void post(Done d) {
            done.put(d);
        }

        @Override
        void wake() {
            Hub h = hub;
            if (h != null) {
                h.callSoonThreadsafe(() -> done.put(WAKE)); // the queue is the hub's: put on its thread
            }
        }

        @Override
        public void close() {
            // the fetcher is closed on the hub's thread, as the crawl ends
        }
    }
}
