package org.iomodels.engine;

import org.iomodels.server.IoModel;

/** The engine contract on {@code nonblocking}: O_NONBLOCK descriptors retried in one loop (EAGAIN). */
class NonblockingEngineTest extends EngineContract {
    @Override
    protected IoModel model() {
        return IoModel.NONBLOCKING;
    }

    /** It polls by design: when idle it sleeps 50 µs doubling to 5 ms between rounds, so ~200 waits a second. */
    @Override
    protected long maxIdleWaitsPerSecond() {
        return 400;
    }
}
