package org.iomodels.engine;

import static org.iomodels.engine.EchoClients.connect;
import static org.iomodels.engine.EchoClients.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.iomodels.server.Conn;
import org.iomodels.server.Handler;
import org.iomodels.server.Server;
import org.junit.jupiter.api.Test;

/**
 * {@link Conn#callLater} on every engine: a delayed echo comes back whole, in order and no sooner
 * than asked; tasks never overlap the connection's handler calls; a task due after its connection
 * closed does not run; one that throws closes its own connection only; a negative delay is refused.
 */
abstract class CallLaterContract extends SendFileContract {
    private static final Duration DELAY = Duration.ofMillis(80);

    /** Echoes each read {@code delay} later from a timer task; checks that no task overlaps a handler call of its connection. */
    static final class DelayedEcho implements Handler {
        final Duration delay;
        final List<String> violations = new CopyOnWriteArrayList<>();
        final AtomicInteger tasksRun = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();

        DelayedEcho(Duration delay) {
            this.delay = delay;
        }

        @Override
        public void onOpen(Conn conn) {
            conn.attach(new AtomicBoolean());
        }

        @Override
        public void onData(Conn conn, ByteBuffer data) {
            AtomicBoolean busy = enter(conn, "onData");
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            if (copy.length > 0 && copy[0] == '!') {
                conn.callLater(Duration.ZERO, () -> {
                    throw new IllegalStateException("a task that throws");
                });
            } else {
                conn.callLater(delay, () -> {
                    AtomicBoolean b = enter(conn, "a task");
                    tasksRun.incrementAndGet();
                    conn.write(copy);
                    b.set(false);
                });
            }
            busy.set(false);
            reads.incrementAndGet();
        }

        private AtomicBoolean enter(Conn conn, String what) {
            AtomicBoolean busy = (AtomicBoolean) conn.attachment();
            if (!busy.compareAndSet(false, true)) {
                violations.add(what + " of connection " + conn.id() + " ran while another call on it was running");
            }
            return busy;
        }
    }

    @Test
    void aDelayedEchoComesBackWholeInOrderAndNoSooner() throws Exception {
        DelayedEcho echo = new DelayedEcho(DELAY);
        RecordingHandler h = recording(new RecordingHandler(echo));
        try (Server server = start(baseConfig(), h); Socket s = connect(server.address())) {
            InputStream in = s.getInputStream();
            StringBuilder sent = new StringBuilder();
            long t0 = System.nanoTime();
            for (int i = 0; i < 40; i++) {
                String m = "m" + i + ";";
                sent.append(m);
                s.getOutputStream().write(m.getBytes(StandardCharsets.US_ASCII));
            }
            int first = in.read();
            long firstAfter = System.nanoTime() - t0;
            byte[] rest = in.readNBytes(sent.length() - 1);
            assertTrue(firstAfter >= DELAY.toNanos() * 9 / 10, "the first byte came " + firstAfter / 1_000_000
                    + " ms after the send, sooner than the " + DELAY.toMillis() + " ms asked");
            assertEquals(sent.toString(), (char) first + new String(rest, StandardCharsets.US_ASCII));
            assertEquals(List.of(), echo.violations);
        }
    }

    @Test
    void aTaskDueAfterItsConnectionClosedDoesNotRun() throws Exception {
        DelayedEcho echo = new DelayedEcho(Duration.ofMillis(300));
        RecordingHandler h = recording(new RecordingHandler(echo));
        try (Server server = start(baseConfig(), h)) {
            try (Socket s = connect(server.address())) {
                s.getOutputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
                waitUntil(() -> echo.reads.get() > 0, SOON, "the server read the message");
            }
            waitUntil(() -> h.closes() == 1, SOON, "the connection closed");
            Thread.sleep(500); // past the task's due time
            assertEquals(0, echo.tasksRun.get(), "tasks run after their connection closed");
        }
    }

    @Test
    void aTaskThatThrowsClosesItsOwnConnectionOnly() throws Exception {
        DelayedEcho echo = new DelayedEcho(Duration.ofMillis(1));
        RecordingHandler h = recording(new RecordingHandler(echo));
        try (Server server = start(baseConfig(), h); Socket good = connect(server.address());
             Socket bad = connect(server.address())) {
            bad.getOutputStream().write('!');
            assertEquals(-1, bad.getInputStream().read(), "the connection whose task threw is closed");
            waitUntil(() -> h.closes() == 1, SOON, "one connection closed");
            long badId = h.idOfClientPort(bad.getLocalPort());
            assertTrue(hasInChain(h.causeOf(badId), IllegalStateException.class), "cause " + h.causeOf(badId));
            good.getOutputStream().write("still here".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals("still here".getBytes(StandardCharsets.US_ASCII), good.getInputStream().readNBytes(10));
        }
    }

    @Test
    void aNegativeDelayIsRefused() throws Exception {
        List<Throwable> refused = new CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override
            public void onOpen(Conn conn) {
                try {
                    conn.callLater(Duration.ofMillis(-1), () -> {});
                } catch (IllegalArgumentException e) {
                    refused.add(e);
                }
            }

            @Override
            public void onData(Conn conn, ByteBuffer data) {
                conn.write(data);
            }
        };
        try (Server server = start(baseConfig(), h); Socket s = connect(server.address())) {
            EchoClients.roundTrip(s, "ok");
            assertEquals(1, refused.size());
            assertTrue(refused.getFirst().getMessage().contains("negative"), refused.getFirst().getMessage());
        }
    }

    @Test
    void manyConnectionsEachGetTheirOwnDelayedEchoes() throws Exception {
        DelayedEcho echo = new DelayedEcho(Duration.ofMillis(20));
        RecordingHandler h = recording(new RecordingHandler(echo));
        try (Server server = start(baseConfig(), h)) {
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    clients.add(connect(server.address()));
                }
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < clients.size(); i++) {
                        clients.get(i).getOutputStream().write(("c" + i + "r" + round).getBytes(StandardCharsets.US_ASCII));
                    }
                    for (int i = 0; i < clients.size(); i++) {
                        byte[] want = ("c" + i + "r" + round).getBytes(StandardCharsets.US_ASCII);
                        assertArrayEquals(want, clients.get(i).getInputStream().readNBytes(want.length));
                    }
                }
            } finally {
                for (Socket c : clients) {
                    c.close();
                }
            }
            assertEquals(List.of(), echo.violations);
        }
    }
}
