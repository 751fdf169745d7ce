package org.iomodels.engine;

import org.iomodels.server.IoModel;

/** The engine contract on {@code io_uring}: completions, multishot accept and recv, provided buffers. */
class IoUringEngineTest extends EngineContract {
    @Override
    protected IoModel model() {
        return IoModel.IO_URING;
    }
}
