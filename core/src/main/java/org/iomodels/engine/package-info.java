/**
 * The engines: where each {@link org.iomodels.server.IoModel} is built. {@link
 * org.iomodels.engine.Engines} is the one switch from a model to its engine and says whether this
 * machine can run it; everything below is internal to the engines. One package per model family,
 * so {@code --model X} leads to one package:
 *
 * <ul>
 *   <li>{@code blocking}, {@code jdk-blocking}, {@code virtual}: {@link org.iomodels.engine.thread}
 *       (a thread per connection, blocking in read);
 *   <li>{@code nonblocking}, {@code select}, {@code poll}, {@code epoll}, {@code sigio}:
 *       {@link org.iomodels.engine.readiness} (an event loop over raw descriptors and one
 *       readiness mechanism);
 *   <li>{@code io_uring}: {@link org.iomodels.engine.uring} (an event loop on completions);
 *   <li>{@code jdk-nio}: {@link org.iomodels.engine.nio} ({@code java.nio.channels.Selector});
 *   <li>{@code jdk-nio2}: {@link org.iomodels.engine.nio2} (completion handlers).
 * </ul>
 *
 * <p>What they share lies under them: {@link org.iomodels.engine.loop} (the event-loop core of
 * readiness, uring and nio) on {@link org.iomodels.engine.base} (limits, counters, the descriptor
 * reserve, file regions: every engine). Read a family from its server class down.
 */
package org.iomodels.engine;
