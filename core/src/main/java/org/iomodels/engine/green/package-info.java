/**
 * The {@code green} model, gevent's {@code StreamServer}: a hub (the {@code green} package's event
 * loop on epoll) per {@code --loops} thread, and a greenlet per connection that reads
 * blocking-style, each wait a park on its hub. Read {@code GreenServer} (the hubs and the
 * acceptor greenlet), {@code GreenHub} (one thread: its hub, shared read buffer, idle scan,
 * stop), {@code GreenConn} (the connection: output, close), then {@code ConnGreenlet} (the loop
 * that serves it). The output is {@code engine.loop}'s {@code LoopConnOutput}.
 */
package org.iomodels.engine.green;
