/**
 * Model {@code jdk-nio}: the JDK's multiplexer, {@code java.nio.channels.Selector} (epoll
 * inside the JDK on Linux), driving non-blocking {@code SocketChannel}s on the shared event-loop
 * core. Read in this order: {@link org.iomodels.engine.nio.NioServer} (the listener, accepts),
 * {@link org.iomodels.engine.nio.NioLoop} (a turn: select, dispatch), {@link
 * org.iomodels.engine.nio.NioConn} (a connection's reads, writes and transferTo).
 */
package org.iomodels.engine.nio;
