/**
 * Models {@code nonblocking}, {@code select}, {@code poll}, {@code epoll} and {@code sigio}:
 * Stevens' non-blocking, multiplexing and signal-driven models, one event loop over raw
 * non-blocking descriptors per thread, told which are ready by one mechanism (phase 1, the
 * wait), then read(2) and write(2) copy (phase 2). The five differ only in their {@link
 * org.iomodels.engine.readiness.Poller}. Read in this order: {@link
 * org.iomodels.engine.readiness.RawLoopServer} (the model to a poller, the listener), {@link
 * org.iomodels.engine.readiness.RawLoop} (a turn: poll, then read, write or accept what is
 * ready), {@link org.iomodels.engine.readiness.RawConn} (the syscalls of one connection), {@link
 * org.iomodels.engine.readiness.Poller}, then one poller per model: {@link
 * org.iomodels.engine.readiness.SpinPoller} (nonblocking: no wait, every fd tried, EAGAIN),
 * {@link org.iomodels.engine.readiness.SelectPoller}, {@link
 * org.iomodels.engine.readiness.PollPoller}, {@link org.iomodels.engine.readiness.EpollPoller},
 * {@link org.iomodels.engine.readiness.SigioPoller} (a real-time signal per ready fd, collected
 * with sigtimedwait).
 */
package org.iomodels.engine.readiness;
