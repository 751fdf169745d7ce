/**
 * The event-loop core under the {@code readiness} (nonblocking, select, poll, epoll, sigio),
 * {@code uring} (io_uring) and {@code nio} (jdk-nio) engines: one thread per loop that waits on
 * its mechanism, dispatches what is ready, runs timers and tasks from other threads. Read in this
 * order: {@link org.iomodels.engine.loop.LoopServer} (N loops, loop 0 accepts and hands
 * connections round-robin), {@link org.iomodels.engine.loop.EventLoop} (one turn: wait, dispatch,
 * tasks, timers), {@link org.iomodels.engine.loop.LoopConn} (a connection's close and half-close
 * rules), {@link org.iomodels.engine.loop.LoopConnOutput} and {@link
 * org.iomodels.engine.loop.WriteQueue} (writes queued and flushed on writability, backpressure
 * between the high- and low-water marks), {@link org.iomodels.poller.WakeupFd} (how another
 * thread ends a wait), {@link org.iomodels.engine.loop.LoopGroup}.
 */
package org.iomodels.engine.loop;
