package org.iomodels.engine;

import org.iomodels.server.IoModel;

/** The engine contract on {@code green}: a greenlet per connection on an epoll hub. */
class GreenEngineTest extends EngineContract {
    @Override
    protected IoModel model() {
        return IoModel.GREEN;
    }
}
