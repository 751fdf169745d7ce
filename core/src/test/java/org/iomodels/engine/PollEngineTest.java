package org.iomodels.engine;

import org.iomodels.server.IoModel;

/** The engine contract on {@code poll}: poll(2). */
class PollEngineTest extends EngineContract {
    @Override
    protected IoModel model() {
        return IoModel.POLL;
    }
}
