package org.iomodels.engine;

import org.iomodels.server.IoModel;
import org.iomodels.server.ServerConfig;

/** The engine contract on {@code epoll} with two event loops: connections handed from the acceptor loop to another. */
class EpollTwoLoopsEngineTest extends EngineContract {
    @Override
    protected IoModel model() {
        return IoModel.EPOLL;
    }

    @Override
    protected ServerConfig baseConfig() {
        return ServerConfig.defaults().withLoops(2);
    }
}
