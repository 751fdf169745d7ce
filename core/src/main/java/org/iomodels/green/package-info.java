/**
 * Green threads: Python's greenlet and gevent in Java, on one thread per hub, no third-party code.
 *
 * <p>Reading order: {@link org.iomodels.green.Greenlet} (greenlet's switch, on the JDK's
 * continuations), {@link org.iomodels.green.Hub} and {@link org.iomodels.green.HubLoop} (the
 * event loop per thread, asyncio's API: {@code callSoon}, {@code callLater}, readers,
 * {@link org.iomodels.green.Future}), {@link org.iomodels.green.Waiter} (how a greenlet waits),
 * then gevent's API on top: {@link org.iomodels.green.Green} ({@code spawn}, {@code sleep},
 * {@code joinAll}, {@code killAll}), {@link org.iomodels.green.GreenThread} (a spawned greenlet:
 * get, join, kill, links), {@link org.iomodels.green.Timeout}, {@link org.iomodels.green.Event},
 * {@link org.iomodels.green.AsyncResult}, the locks ({@link org.iomodels.green.Semaphore},
 * {@link org.iomodels.green.BoundedSemaphore}, {@link org.iomodels.green.RLock}), the queues
 * ({@link org.iomodels.green.SimpleQueue}, {@link org.iomodels.green.Queue},
 * {@link org.iomodels.green.LifoQueue}, {@link org.iomodels.green.PriorityQueue},
 * {@link org.iomodels.green.Channel}) and {@link org.iomodels.green.Group}/{@link org.iomodels.green.Pool}.
 *
 * <p>The rule that makes it work: one greenlet of a hub runs at a time, until it waits; a wait
 * switches to the hub, and only a hub callback switches back. Times are in seconds (doubles), as
 * in gevent.
 */
package org.iomodels.green;
