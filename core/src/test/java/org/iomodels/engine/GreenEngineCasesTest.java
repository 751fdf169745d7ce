package org.iomodels.engine;

import static org.iomodels.engine.EchoClients.connect;
import static org.iomodels.engine.EchoClients.roundTrip;
import static org.iomodels.engine.EchoClients.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.iomodels.green.Event;
import org.iomodels.green.Green;
import org.iomodels.server.Conn;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.junit.jupiter.api.Test;

/**
 * What only the {@code green} engine promises, beyond the contract every engine keeps: a handler
 * may park (its connection waits, the others go on), and the greenlet that makes a connection's
 * handler calls hears of its output draining even while it waits for input.
 */
class GreenEngineCasesTest extends ContractSupport {
    @Override
    protected IoModel model() {
        return IoModel.GREEN;
    }

    /** A message starting with 's' is echoed after the handler sleeps 0.5 s on the hub; others at once. */
    private static final class SleepyEcho implements Handler {
        @Override
        public void onData(Conn conn, ByteBuffer data) {
            if (data.get(data.position()) == 's') {
                byte[] copy = new byte[data.remaining()];
                data.get(copy);
                Green.sleep(0.5); // the hub's read buffer is this greenlet's meanwhile: the others read into their own
                conn.write(copy);
            } else {
                conn.write(data);
            }
        }
    }

    @Test
    void aHandlerThatParksHoldsUpOnlyItsConnection() throws Exception {
        RecordingHandler h = recording(new RecordingHandler(new SleepyEcho()));
        try (Server server = start(baseConfig(), h); Socket slow = connect(server.address()); Socket quick = connect(server.address())) {
            byte[] slowMessage = "s, and this message is echoed after the handler slept".getBytes(StandardCharsets.UTF_8);
            slow.getOutputStream().write(slowMessage);
            Thread.sleep(50); // the slow one is in its sleep now
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                roundTrip(quick, "quick " + i + " while another connection's handler sleeps");
            }
            long quickMillis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(quickMillis < 400, "20 echoes on the other connection took " + quickMillis + " ms: the sleep held up the hub");
            byte[] echoed = new byte[slowMessage.length];
            new DataInputStream(slow.getInputStream()).readFully(echoed);
            assertArrayEquals(slowMessage, echoed, "the sleeping handler's bytes, after other connections read meanwhile");
        }
    }

    @Test
    void drainingWhileTheGreenletWaitsForInputIsHeard() throws Exception {
        BlockingQueue<Conn> opened = new ArrayBlockingQueue<>(1);
        AtomicInteger drained = new AtomicInteger();
        Handler h = new Handler() {
            @Override
            public void onOpen(Conn conn) {
                opened.add(conn);
            }

            @Override
            public void onData(Conn conn, ByteBuffer data) {}

            @Override
            public void onDrained(Conn conn) {
                drained.incrementAndGet();
            }
        };
        int high = 256 << 10;
        try (Server server = start(baseConfig().withWriteWaterMarks(64 << 10, high), recording(new RecordingHandler(h)));
                Socket s = connect(server.address())) {
            Conn conn = opened.poll(5, TimeUnit.SECONDS);
            byte[] chunk = new byte[64 << 10];
            long written = 0;
            // From this thread, while the connection's greenlet waits to read, until the socket's
            // buffers are full and the queue passes the high-water mark.
            while (conn.isWritable() && written < (64 << 20)) {
                conn.write(chunk);
                written += chunk.length;
                Thread.sleep(1);
            }
            assertTrue(!conn.isWritable(), "backpressure on after " + written + " bytes to a peer that does not read");
            assertEquals(0, drained.get());
            byte[] all = new byte[(int) written];
            new DataInputStream(s.getInputStream()).readFully(all); // the peer reads it all, sending nothing
            waitUntil(() -> drained.get() == 1, SOON, "onDrained, with the peer sending nothing");
        }
    }

    @Test
    void closeWaitsForHandlersThatParkInOnCloseAndEndsThoseThatNeverReturn() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        Handler h = new Handler() {
            @Override
            public void onData(Conn conn, ByteBuffer data) {
                if (data.get(data.position()) == 'w') {
                    new Event().waitFor(); // waits for ever: only the stop can end it
                }
                conn.write(data);
            }

            @Override
            public void onClose(Conn conn, Throwable cause) {
                Green.sleep(0.05); // an onClose that parks is let finish
                closed.incrementAndGet();
            }
        };
        Server server = start(baseConfig(), recording(new RecordingHandler(h)));
        try (Socket a = connect(server.address()); Socket b = connect(server.address())) {
            roundTrip(a, "echoed");
            b.getOutputStream().write('w');
            Thread.sleep(100);
            long t0 = System.nanoTime();
            server.close();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(2, closed.get(), "onClose calls when close() returned: the parked one and the one stuck in onData");
            assertTrue(millis < 8_000, "close() took " + millis + " ms");
        }
    }
}
