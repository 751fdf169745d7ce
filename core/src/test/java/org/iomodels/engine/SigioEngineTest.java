package org.iomodels.engine;

import org.iomodels.server.IoModel;

/** The engine contract on {@code sigio}: real-time signals to the loop thread, collected with sigtimedwait. */
class SigioEngineTest extends EngineContract {
    @Override
    protected IoModel model() {
        return IoModel.SIGIO;
    }
}
