package org.iomodels.engine;

import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;

/**
 * Opens a server on a model: the one place where a model becomes an engine, and the one
 * {@code switch} that chooses it. It lives with the engines so that the API ({@code server})
 * imports none of them.
 */
public final class Engines {
    private Engines() {}

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
