package org.iomodels.engine;

import org.iomodels.server.IoModel;

/** The engine contract on {@code epoll}: epoll(7), level-triggered. */
class EpollEngineTest extends EngineContract {
    @Override
    protected IoModel model() {
        return IoModel.EPOLL;
    }
}
