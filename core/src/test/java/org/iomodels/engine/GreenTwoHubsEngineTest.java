package org.iomodels.engine;

import org.iomodels.server.IoModel;
import org.iomodels.server.ServerConfig;

/** The engine contract on {@code green} with two hubs: connections handed from the acceptor's hub to another. */
class GreenTwoHubsEngineTest extends EngineContract {
    @Override
    protected IoModel model() {
        return IoModel.GREEN;
    }

    @Override
    protected ServerConfig baseConfig() {
        return ServerConfig.defaults().withLoops(2);
    }
}
