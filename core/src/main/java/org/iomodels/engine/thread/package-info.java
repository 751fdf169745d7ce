/**
 * Models {@code blocking}, {@code jdk-blocking} and {@code virtual}: Stevens' blocking model, a
 * thread per connection whose read(2) both waits for the data and copies it. {@code blocking} on
 * raw descriptors and platform threads, {@code jdk-blocking} on {@code java.net} and platform
 * threads, {@code virtual} on {@code java.net} and virtual threads (the JDK then parks the
 * thread and waits in its own poller). Read in this order: {@link
 * org.iomodels.engine.thread.ThreadServer} (the acceptor, a thread per connection, stopping),
 * {@link org.iomodels.engine.thread.ThreadConn} (synchronous writes under a lock), {@link
 * org.iomodels.engine.thread.BlockingIo} (the blocking calls, whichever API), then its two
 * implementations {@link org.iomodels.engine.thread.RawBlockingIo} and {@link
 * org.iomodels.engine.thread.JdkBlockingIo}.
 */
package org.iomodels.engine.thread;
