package org.iomodels.engine;

import static org.iomodels.engine.EchoClients.connect;
import static org.iomodels.engine.EchoClients.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.protocol.Echo;
import org.iomodels.server.Conn;
import org.iomodels.server.Handler;
import org.iomodels.server.Server;
import org.iomodels.sys.SyscallCounters.Kind;
import org.junit.jupiter.api.Test;

/**
 * The engine contract at scale: a burst of data on many connections at once (more than an
 * io_uring loop has provided buffers, so its receives run out of them on every run, issue 11),
 * and a loop with a timer pending that sleeps until the timer instead of spinning.
 */
abstract class ScaleContract extends CallLaterContract {
    private static final int BURST_BYTES = 8 << 10;
    /** A one-byte message that makes the handler hold its thread: the burst then lands all at once. */
    private static final byte STALL = '!';
    private static final long STALL_MILLIS = 500;

    /** Connections in the burst; they share this JVM's descriptor table with the server. */
    protected int busyClients() {
        return 1_200;
    }

    /** Called after the burst, with the server closed: a model checks that the burst did what it is for. */
    protected void afterBurst(Server server) {}

    @Test
    void aBurstOnManyConnectionsAtOnceIsEchoedWholeAndTheLoopGoesOn() throws Exception {
        int n = busyClients();
        RecordingHandler h = recording(new RecordingHandler(new StallingEcho()));
        Server server = start(baseConfig(), h);
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                clients.add(connect(server.address()));
            }
            waitUntil(() -> server.stats().open() == n, SOON, () -> server.stats().open() + " of " + n + " open");
            for (int round = 0; round < 2; round++) {
                burst(clients, round);
            }
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
        waitUntil(() -> h.closes() == n, SOON, () -> "every connection closed once (" + h.closes() + " of " + n + ")");
        server.close();
        afterBurst(server);
    }

    /** Stalls the first connection's thread, writes a message on every other, then reads every echo. */
    private static void burst(List<Socket> clients, int round) throws IOException {
        clients.get(0).getOutputStream().write(STALL);
        EchoClients.sleep(50); // the stall has begun: on a loop engine, everything below lands while it sleeps
        for (int i = 1; i < clients.size(); i++) {
            clients.get(i).getOutputStream().write(EchoClients.streamBytes(round * 100_003L + i, BURST_BYTES));
        }
        assertEquals(STALL, clients.get(0).getInputStream().read(), "the stalling connection's echo");
        for (int i = 1; i < clients.size(); i++) {
            byte[] back = clients.get(i).getInputStream().readNBytes(BURST_BYTES);
            assertArrayEquals(EchoClients.streamBytes(round * 100_003L + i, BURST_BYTES), back,
                    "round " + round + ": the echo of connection " + i + " of " + clients.size());
        }
    }

    @Test
    void aLoopWithATimerPendingSleepsUntilIt() throws Exception {
        RecordingHandler h = recordingEcho();
        int idle = 40; // past io_uring's batching threshold (16 connections), where it once waited 50 µs at a time
        Server server = start(baseConfig().withIdleTimeout(Duration.ofSeconds(60)), h);
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < idle; i++) {
                clients.add(connect(server.address()));
            }
            waitUntil(() -> server.stats().open() == idle, SOON, "every connection open");
            EchoClients.sleep(200);
            long before = server.counters().calls(Kind.WAIT);
            EchoClients.sleep(1_000);
            long waits = server.counters().calls(Kind.WAIT) - before;
            assertTrue(waits <= maxIdleWaitsPerSecond(), model() + " made " + waits
                    + " waits in 1 s with 40 idle connections and a 60 s idle timeout: it spins instead of sleeping until the timer");
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
    }

    /**
     * Waits a model may make in an idle second with a timer pending. A loop that sleeps until its
     * nearest timer (here the idle scan, every 15 s) makes a handful; {@code nonblocking} polls by
     * design and overrides this.
     */
    protected long maxIdleWaitsPerSecond() {
        return 20;
    }

    /** Echo, except that a one-byte {@link #STALL} message holds the calling thread for a while first. */
    private static final class StallingEcho implements Handler {
        private final Echo echo = new Echo();

        @Override
        public void onOpen(Conn conn) {
            echo.onOpen(conn);
        }

        @Override
        public void onData(Conn conn, ByteBuffer data) {
            if (data.remaining() == 1 && data.get(data.position()) == STALL) {
                EchoClients.sleep(STALL_MILLIS);
            }
            echo.onData(conn, data);
        }

        @Override
        public void onInputClosed(Conn conn) {
            echo.onInputClosed(conn);
        }

        @Override
        public void onDrained(Conn conn) {
            echo.onDrained(conn);
        }

        @Override
        public void onClose(Conn conn, Throwable cause) {
            echo.onClose(conn, cause);
        }
    }
}
