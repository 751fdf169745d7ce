package org.iomodels.engine;

import org.iomodels.server.IoModel;

/** The engine contract on {@code jdk-blocking}: java.net.Socket, a platform thread per connection. */
class JdkBlockingEngineTest extends EngineContract {
    @Override
    protected IoModel model() {
        return IoModel.JDK_BLOCKING;
    }
}
