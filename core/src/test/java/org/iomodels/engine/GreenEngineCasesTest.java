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

    /**
     * A message starting with 's' is echoed once a message "go" has come on any connection: its
     * handler parks on a green Event meanwhile. Everything else is echoed at once. One hub, so one
     * thread makes and sets the event.
     */
    private static final class ParkingEcho implements Handler {
        private Event go;

        @Override
        public void onData(Conn conn, ByteBuffer data) {
            if (go == null) {
                go = new Event();
            }
            byte first = data.get(data.position());
            if (first == 's') {
                byte[] copy = new byte[data.remaining()];
                data.get(copy);
                go.waitFor(); // the hub's read buffer is this greenlet's meanwhile: the others read into their own
                conn.write(copy);
            } else {
                if (first == 'g') {
                    go.set();
                }
                conn.write(data);
            }
        }
    }

    @Test
    void aHandlerThatParksHoldsUpOnlyItsConnection() throws Exception {
        RecordingHandler h = recording(new RecordingHandler(new ParkingEcho()));
        try (Server server = start(baseConfig(), h); Socket parked = connect(server.address()); Socket other = connect(server.address())) {
            byte[] parkedMessage = "s, and this message is echoed after its handler waited".getBytes(StandardCharsets.UTF_8);
            parked.getOutputStream().write(parkedMessage);
            waitUntil(() -> h.opens() == 2, SOON, "both connections open");
            for (int i = 0; i < 20; i++) {
                roundTrip(other, "other " + i + " while a handler waits on the same hub");
            }
            assertEquals(0, parked.getInputStream().available(), "the parked handler answered before it was let go");
            roundTrip(other, "go");
            byte[] echoed = new byte[parkedMessage.length];
            new DataInputStream(parked.getInputStream()).readFully(echoed);
            assertArrayEquals(parkedMessage, echoed, "the parked handler's bytes, after other connections read meanwhile");
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

    /** onData parks after asking for a task: the task waits for onData to end, and a task may park itself. */
    @Test
    void aTaskRunsBetweenHandlerCallsNotDuringAParkedOneAndMayPark() throws Exception {
        java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override
            public void onData(Conn conn, ByteBuffer data) {
                byte[] copy = new byte[data.remaining()];
                data.get(copy);
                events.add("onData starts");
                conn.callLater(java.time.Duration.ofMillis(10), () -> {
                    events.add("task");
                    Green.sleep(0.05); // a task runs on the connection's greenlet: it may park
                    conn.write(copy);
                });
                Green.sleep(0.15); // the task falls due while this call is parked
                events.add("onData ends");
            }
        };
        try (Server server = start(baseConfig(), h); Socket s = connect(server.address())) {
            roundTrip(s, "hello");
            assertEquals(java.util.List.of("onData starts", "onData ends", "task"), events);
        }
    }
}
