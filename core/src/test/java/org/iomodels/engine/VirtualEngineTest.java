package org.iomodels.engine;

import org.iomodels.server.IoModel;

/** The engine contract on {@code virtual}: java.net.Socket, a virtual thread per connection. */
class VirtualEngineTest extends EngineContract {
    @Override
    protected IoModel model() {
        return IoModel.VIRTUAL;
    }
}
