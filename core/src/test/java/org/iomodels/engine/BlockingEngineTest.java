package org.iomodels.engine;

import org.iomodels.server.IoModel;

/** The engine contract on {@code blocking}: blocking accept/read/write on raw descriptors, a platform thread per connection. */
class BlockingEngineTest extends EngineContract {
    @Override
    protected IoModel model() {
        return IoModel.BLOCKING;
    }
}
