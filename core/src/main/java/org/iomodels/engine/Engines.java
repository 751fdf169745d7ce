package org.iomodels.server;

import org.iomodels.engine.IoUringServer;
import org.iomodels.engine.Nio2Server;
import org.iomodels.engine.NioServer;
import org.iomodels.engine.RawLoopServer;
import org.iomodels.engine.ThreadServer;

/** Opens a server on a model: the one place where a model becomes an engine. */
public final class Servers {
    private Servers() {}

    /** A server (not yet started) running {@code handler} on {@code model}. */
    public static Server open(IoModel model, ServerConfig config, Handler handler) {
        if (!model.isSupported()) {
            throw new UnsupportedOperationException(model + " is not supported here: " + model.unsupportedReason());
        }
        return switch (model) {
            case NONBLOCKING, SELECT, POLL, EPOLL, SIGIO -> new RawLoopServer(model, config, handler);
            case IO_URING -> new IoUringServer(config, handler);
            case JDK_NIO -> new NioServer(config, handler);
            case JDK_NIO2 -> new Nio2Server(config, handler);
            case BLOCKING, JDK_BLOCKING, VIRTUAL -> new ThreadServer(model, config, handler);
        };
    }
}
