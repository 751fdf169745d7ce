/**
 * The poller family: one allocation-free, counted implementation per readiness mechanism, used
 * by the readiness engines ({@code engine.readiness}), by Python's {@code selectors} (thin
 * adapters over these) and by the load generator. Read in this order: {@link
 * org.iomodels.poller.Poller} (the contract and the one set of event bits), then {@link
 * org.iomodels.poller.SelectPoller} (fd_sets, O(highest fd), fd < 1024), {@link
 * org.iomodels.poller.PollPoller} (a pollfd array, O(watched)), {@link
 * org.iomodels.poller.EpollPoller} (the kernel keeps the set, O(ready)), {@link
 * org.iomodels.poller.SigioPoller} (a real-time signal per ready descriptor, collected with
 * sigtimedwait), {@link org.iomodels.poller.SpinPoller} (no kernel wait at all: Stevens'
 * non-blocking model), and {@link org.iomodels.poller.WakeupFd} (how another thread ends a wait).
 */
package org.iomodels.poller;
