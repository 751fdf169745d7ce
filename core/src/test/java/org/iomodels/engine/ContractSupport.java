package org.iomodels.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iomodels.protocol.Echo;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * The plumbing of the engine contract tests: the model a subclass names, starting its servers
 * (skipping, with its reason, a model this machine cannot run), closing whatever a test left open, and checking
 * afterwards that no handler saw a call out of the {@link Handler} contract's order.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ContractSupport {
    /** How long a test waits for something the server should do at once. */
    static final Duration SOON = Duration.ofSeconds(5);

    private final List<Server> servers = new ArrayList<>();
    private final List<RecordingHandler> recorders = new ArrayList<>();

    /** The model under test. */
    protected abstract IoModel model();

    /** The config every test starts from; a subclass may change what the tests leave alone. */
    protected ServerConfig baseConfig() {
        return ServerConfig.defaults();
    }

    /**
     * Opens and starts a server of {@link #model()}; skips the test, with the reason, if the model
     * probe says this machine cannot run the model. Nothing else skips: a failure to start, a
     * missing libc symbol included, fails the test.
     */
    protected final Server start(ServerConfig config, Handler handler) throws IOException {
        assumeTrue(Engines.isSupported(model()), () -> model() + ": " + Engines.unsupportedReason(model()));
        Server server = open(config, handler);
        servers.add(server);
        return server.start();
    }

    /** Makes (not starts) a server of {@link #model()}; a model's test may build its engine with other internals. */
    protected Server open(ServerConfig config, Handler handler) {
        return Engines.open(model(), config, handler);
    }

    /** Echo wrapped in a recorder whose contract violations are checked after the test. */
    protected final RecordingHandler recordingEcho() {
        return recording(new RecordingHandler(new Echo()));
    }

    protected final RecordingHandler recording(RecordingHandler handler) {
        recorders.add(handler);
        return handler;
    }

    @AfterEach
    final void closeServersAndCheckCallbacks() {
        servers.forEach(Server::close); // idempotent; stops what a failed test left running
        for (RecordingHandler h : recorders) {
            assertEquals(List.of(), h.violations(), model() + ": Handler contract violations");
        }
    }

    static long fds() {
        try {
            return EchoClients.openFds();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int threads() {
        try {
            return EchoClients.engineThreads();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean hasInChain(Throwable t, Class<? extends Throwable> type) {
        for (; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
