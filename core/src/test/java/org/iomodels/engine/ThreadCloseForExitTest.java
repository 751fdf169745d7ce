package org.iomodels.engine;

import static org.iomodels.engine.EchoClients.awaitServerClose;
import static org.iomodels.engine.EchoClients.connect;
import static org.iomodels.engine.EchoClients.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iomodels.protocol.Echo;
import org.iomodels.server.Conn;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Server#closeForExit} on the thread-per-connection engines: it stops accepting, lets a
 * handler that is mid-work finish and reply (then that connection ends), leaves an idle
 * connection (its thread blocked in read) for the process exit to close, and does not wait past
 * its drain time for a handler that never finishes.
 */
@Timeout(60)
class ThreadCloseForExitTest {
    /** Echo, except that a message starting with 's' is answered only once {@code release} opens. */
    private static final class SlowEcho implements Handler {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final Echo echo = new Echo();

        @Override
        public void onData(Conn conn, ByteBuffer data) {
            if (data.get(data.position()) == 's') {
                started.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            echo.onData(conn, data);
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoModel.class, names = {"BLOCKING", "JDK_BLOCKING", "VIRTUAL"})
    void workInProgressFinishesAndIdleConnectionsAreLeftOpen(IoModel model) throws Exception {
        SlowEcho handler = new SlowEcho();
        try (Server server = Engines.open(model, ServerConfig.defaults(), handler).start();
                Socket busy = connect(server.address());
                Socket idle = connect(server.address())) {
            roundTrip(idle, "echoed before the stop");
            busy.getOutputStream().write("slow request".getBytes());
            assertTrue(handler.started.await(5, TimeUnit.SECONDS), "the slow request reached its handler");
            Thread closer = Thread.ofPlatform().start(() -> server.closeForExit(Duration.ofSeconds(20)));
            closer.join(300);
            assertTrue(closer.isAlive(), "closeForExit waits for the work in progress");
            assertThrows(IOException.class, () -> {
                try (Socket late = connect(server.address())) {
                    roundTrip(late, "accepted after the stop?");
                }
            }, "a connection after closeForExit is not served");
            handler.release.countDown();
            byte[] reply = busy.getInputStream().readNBytes("slow request".length());
            assertArrayEquals("slow request".getBytes(), reply, "the reply of the work in progress, whole");
            closer.join(5_000);
            assertTrue(!closer.isAlive(), "closeForExit returns once no work is in progress");
            awaitServerClose(busy, Duration.ofSeconds(5), "the connection whose work finished");
            idle.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> idle.getInputStream().read(),
                    "the idle connection is left for the process exit to close");
            assertEquals(1, server.stats().open(), "connections still open: the idle one");
        } // closing the idle client ends its thread: nothing outlives the test
    }

    @ParameterizedTest
    @EnumSource(value = IoModel.class, names = {"BLOCKING", "JDK_BLOCKING", "VIRTUAL"})
    void aHandlerThatNeverFinishesDoesNotHoldItPastTheDrainTime(IoModel model) throws Exception {
        SlowEcho handler = new SlowEcho();
        try (Server server = Engines.open(model, ServerConfig.defaults(), handler).start();
                Socket busy = connect(server.address())) {
            busy.getOutputStream().write("stuck".getBytes());
            assertTrue(handler.started.await(5, TimeUnit.SECONDS), "the request reached its handler");
            Thread closer = Thread.ofPlatform().start(() -> server.closeForExit(Duration.ofMillis(200)));
            closer.join(10_000); // the handler holds on for 30 s unless released
            assertTrue(!closer.isAlive(), "closeForExit returned while the handler was still at work");
            handler.release.countDown();
            busy.getInputStream().readNBytes("stuck".length());
        }
    }
}
