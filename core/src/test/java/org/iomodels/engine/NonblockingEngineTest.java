package org.iomodels.engine;

import org.iomodels.server.IoModel;

/** The engine contract on {@code nonblocking}: O_NONBLOCK descriptors retried in one loop (EAGAIN). */
class NonblockingEngineTest extends EngineContract {
    @Override
    protected IoModel model() {
        return IoModel.NONBLOCKING;
    }
}
