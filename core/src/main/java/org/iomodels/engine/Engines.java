package org.iomodels.engine;

import org.iomodels.engine.green.GreenServer;
import org.iomodels.engine.nio.NioServer;
import org.iomodels.engine.nio2.Nio2Server;
import org.iomodels.engine.readiness.RawLoopServer;
import org.iomodels.engine.thread.ThreadServer;
import org.iomodels.engine.uring.IoUringServer;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.iomodels.sys.Epoll;
import org.iomodels.sys.IoUring;
import org.iomodels.sys.Poll;

/**
 * Opens a server on a model: the one place where a model becomes an engine, and the one
 * {@code switch} that chooses it. It lives with the engines so that the API ({@code server})
 * imports none of them.
 */
public final class Engines {
    private Engines() {}

    /** A server (not yet started) running {@code handler} on {@code model}. */
    public static Server open(IoModel model, ServerConfig config, Handler handler) {
        String unsupported = unsupportedReason(model);
        if (unsupported != null) {
            throw new UnsupportedOperationException(model + " is not supported here: " + unsupported);
        }
        return switch (model) {
            case NONBLOCKING, SELECT, POLL, EPOLL, SIGIO -> new RawLoopServer(model, config, handler);
            case IO_URING -> new IoUringServer(config, handler);
            case JDK_NIO -> new NioServer(config, handler);
            case JDK_NIO2 -> new Nio2Server(config, handler);
            case BLOCKING, JDK_BLOCKING, VIRTUAL -> new ThreadServer(model, config, handler);
            case GREEN -> new GreenServer(config, handler);
        };
    }

    /** Null when this machine can run {@code model}, else why not (one sentence). */
    public static String unsupportedReason(IoModel model) {
        return switch (model) {
            case EPOLL -> Epoll.isSupported() ? null : "this platform has no epoll (Linux only)";
            case POLL -> Poll.isSupported() ? null : "this platform's libc has no poll";
            case IO_URING -> IoUring.unsupportedReason();
            case SIGIO -> System.getProperty("os.name").equals("Linux") ? null
                    : "F_SETSIG and F_SETOWN_EX are Linux-only";
            case GREEN -> !Epoll.isSupported() ? "the hub needs epoll (Linux only)"
                    : Object.class.getModule().isExported("jdk.internal.vm", Engines.class.getModule()) ? null
                    : "greenlets run on the JDK's continuations: start the JVM with"
                            + " --add-exports java.base/jdk.internal.vm=ALL-UNNAMED (./iomodels does)";
            default -> null;
        };
    }

    public static boolean isSupported(IoModel model) {
        return unsupportedReason(model) == null;
    }
}
