/**
 * Model {@code jdk-nio2}: {@code AsynchronousSocketChannel} with {@code CompletionHandler}s, the
 * JDK's completion API (on Linux an epoll loop inside the JDK does the waiting, then a handler
 * thread the copy). Read in this order: {@link org.iomodels.engine.nio2.Nio2Server} (the accept
 * chain, the thread group), {@link org.iomodels.engine.nio2.Nio2Conn} (one read outstanding at a
 * time), {@link org.iomodels.engine.nio2.Nio2ConnOutput} (one write outstanding, the rest
 * queued), {@link org.iomodels.engine.nio2.AsyncFileWindow} (files sent through a mapped window).
 */
package org.iomodels.engine.nio2;
