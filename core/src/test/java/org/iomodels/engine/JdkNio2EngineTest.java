package org.iomodels.engine;

import org.iomodels.server.IoModel;

/** The engine contract on {@code jdk-nio2}: AsynchronousSocketChannel with CompletionHandlers. */
class JdkNio2EngineTest extends EngineContract {
    @Override
    protected IoModel model() {
        return IoModel.JDK_NIO2;
    }
}
