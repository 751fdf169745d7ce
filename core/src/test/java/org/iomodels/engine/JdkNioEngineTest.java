package org.iomodels.engine;

import org.iomodels.server.IoModel;

/** The engine contract on {@code jdk-nio}: java.nio.channels.Selector. */
class JdkNioEngineTest extends EngineContract {
    @Override
    protected IoModel model() {
        return IoModel.JDK_NIO;
    }
}
