package org.iomodels.engine;

import org.iomodels.server.IoModel;
import org.iomodels.server.ServerConfig;

/** The engine contract on {@code io_uring} with two loops and the real ring geometry: connections handed across rings. */
class IoUringTwoLoopsEngineTest extends EngineContract {
    @Override
    protected IoModel model() {
        return IoModel.IO_URING;
    }

    @Override
    protected ServerConfig baseConfig() {
        return ServerConfig.defaults().withLoops(2);
    }
}
