package org.iomodels.engine;

import static org.iomodels.engine.EchoClients.awaitServerClose;
import static org.iomodels.engine.EchoClients.connect;
import static org.iomodels.engine.EchoClients.roundTrip;
import static org.iomodels.engine.EchoClients.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.protocol.Echo;
import org.iomodels.server.Conn;
import org.iomodels.server.Handler;
import org.iomodels.server.IdleTimeoutException;
import org.iomodels.server.Server;
import org.iomodels.sys.SyscallCounters.Kind;
import org.iomodels.sys.SyscallCounters;
import org.iomodels.sys.SyscallTrace;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle half of the engine contract: limits (maxConnections, idle timeout), a failing
 * handler, the syscall counters, and a close that releases every descriptor and thread, even
 * while connections arrive. Models subclass {@link EngineContract}, which adds the data half.
 */
abstract class EngineLifecycleContract extends ContractSupport {
    @Test
    void failingHandlerClosesOnlyItsConnection() throws Exception {
        RecordingHandler h = recording(new RecordingHandler(new Echo(), '!'));
        try (Server server = start(baseConfig(), h);
                Socket a = connect(server.address());
                Socket b = connect(server.address());
                Socket bad = connect(server.address())) {
            roundTrip(a, "hello a");
            roundTrip(b, "hello b");
            roundTrip(bad, "fine so far");
            long badId = h.idOfClientPort(bad.getLocalPort());
            bad.getOutputStream().write("this one throws!".getBytes());
            awaitServerClose(bad, SOON, "connection whose handler threw");
            waitUntil(() -> h.closesOf(badId) == 1, SOON, "onClose of the failed connection");
            assertTrue(hasInChain(h.causeOf(badId), RecordingHandler.Poisoned.class),
                    "onClose cause should be what the handler threw, was " + h.causeOf(badId));
            roundTrip(a, "still there a");
            roundTrip(b, "still there b");
            try (Socket c = connect(server.address())) {
                roundTrip(c, "a newcomer");
            }
            assertEquals(0, h.closesOf(h.idOfClientPort(a.getLocalPort())), "the other connection a was closed");
            assertEquals(0, h.closesOf(h.idOfClientPort(b.getLocalPort())), "the other connection b was closed");
        }
    }

    @Test
    void connectionsPastTheLimitAreRefused() throws Exception {
        RecordingHandler h = recordingEcho();
        try (Server server = start(baseConfig().withMaxConnections(5), h)) {
            List<Socket> five = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    five.add(connect(server.address()));
                    roundTrip(five.get(i), "client " + i);
                }
                try (Socket sixth = connect(server.address())) {
                    awaitServerClose(sixth, SOON, "the 6th connection with maxConnections 5");
                }
                waitUntil(() -> server.stats().refused() >= 1, SOON, "stats().refused() >= 1");
                assertEquals(5, server.stats().open(), "open connections");
                for (int i = 0; i < 5; i++) {
                    roundTrip(five.get(i), "client " + i + " again");
                }
                five.removeFirst().close();
                waitUntil(() -> server.stats().open() == 4, SOON, "a closed client frees its slot");
                try (Socket again = connect(server.address())) {
                    roundTrip(again, "in the freed slot");
                }
            } finally {
                for (Socket s : five) {
                    s.close();
                }
            }
        }
    }

    @Test
    void idleConnectionsAreClosedActiveOnesAreNot() throws Exception {
        RecordingHandler h = recordingEcho();
        try (Server server = start(baseConfig().withIdleTimeout(Duration.ofMillis(300)), h);
                Socket idle = connect(server.address());
                Socket active = connect(server.address())) {
            roundTrip(active, "x");
            waitUntil(() -> h.opens() == 2, SOON, "both connections opened");
            long activeId = h.idOfClientPort(active.getLocalPort());
            long idleId = h.idOfClientPort(idle.getLocalPort());
            for (int i = 0; i < 20; i++) { // 1 s of traffic, a message every 50 ms
                EchoClients.sleep(50);
                roundTrip(active, "ping " + i);
            }
            assertEquals(0, h.closesOf(activeId), "a connection with traffic every 50 ms was closed");
            awaitServerClose(idle, SOON, "idle connection with a 300 ms idle timeout");
            waitUntil(() -> h.closesOf(idleId) == 1, SOON, "onClose of the idle connection");
            assertInstanceOf(IdleTimeoutException.class, h.causeOf(idleId), "cause of closing the idle connection");
        }
    }

    @Test
    void countersCountWhatWasEchoed() throws Exception {
        RecordingHandler h = recordingEcho();
        long sent = 0;
        try (Server server = start(baseConfig(), h)) {
            for (int c = 0; c < 3; c++) {
                try (Socket s = connect(server.address())) {
                    for (int m = 0; m < 5; m++) {
                        byte[] msg = EchoClients.streamBytes(c * 10 + m, 1 + (c * 7919 + m * 104_729) % 32_768);
                        roundTrip(s, msg);
                        sent += msg.length;
                    }
                }
            }
            long expected = sent;
            waitUntil(() -> server.counters().bytesIn() >= expected, SOON, "counters().bytesIn() reaches " + expected);
            waitUntil(() -> h.closes() == 3, SOON, "the 3 connections closed");
            SyscallCounters.Snapshot s = server.counters();
            assertEquals(expected, s.bytesIn(), "bytesIn");
            assertEquals(expected, s.bytesOut(), "bytesOut of an echo");
            assertTrue(s.messages() > 0, "messages " + s.messages());
            assertTrue(s.totalCalls() > 0, "totalCalls " + s.totalCalls());
            // A message is a copy-in that returned data: a read call, or (io_uring) a receive the kernel completed.
            long copiesIn = s.calls(Kind.READ) + s.completions(Kind.READ);
            assertTrue(copiesIn > 0, "READ calls or completions " + copiesIn);
            assertTrue(copiesIn >= s.messages(), "a message is a read that returned data: "
                    + copiesIn + " reads < " + s.messages() + " messages");
        }
    }

    /**
     * The tracing probe, on for one server: it records that server's every call (the counters
     * count exactly as many) and the copies of the exchange, and nothing of a server beside it.
     */
    @Test
    void aTracedServerRecordsEachOfItsCallsAndNoOtherServers() throws Exception {
        SyscallTrace trace = new SyscallTrace(1 << 16);
        RecordingHandler h = recordingEcho();
        Server traced;
        try (Server untraced = start(baseConfig(), recordingEcho())) {
            traced = start(baseConfig().withTrace(trace), h);
            try (traced; Socket other = connect(untraced.address()); Socket s = connect(traced.address())) {
                roundTrip(other, "elsewhere");
                roundTrip(s, "traced");
                roundTrip(other, "elsewhere again");
            }
        }
        List<SyscallTrace.Event> events = trace.events();
        assertEquals(0, trace.dropped());
        SyscallCounters.Snapshot s = traced.counters();
        assertEquals(s.totalCalls(), events.stream().filter(e -> !e.completion()).count(),
                () -> "calls counted vs traced: " + events);
        long completions = 0;
        for (Kind k : Kind.values()) {
            completions += s.completions(k);
        }
        assertEquals(completions, events.stream().filter(SyscallTrace.Event::completion).count());
        // "traced" is 6 bytes: copied in by one read (or one receive the kernel completed), and out.
        assertTrue(events.stream().anyMatch(e -> e.call().kind() == Kind.READ && e.result() == 6), () -> "" + events);
        assertTrue(events.stream().anyMatch(e -> e.call().kind() == Kind.WRITE && e.result() == 6), () -> "" + events);
        assertTrue(events.stream().noneMatch(e -> (e.call().kind() == Kind.READ || e.call().kind() == Kind.WRITE)
                        && (e.result() == 9 || e.result() == 15)), () -> "the other server's copies: " + events);
    }

    @Test
    void closeReleasesEveryDescriptorAndThread() throws Exception {
        EchoClients.warmUp();
        long fdsBefore = EchoClients.openFds();
        List<String> fdsListedBefore = EchoClients.fdTargets();
        int threadsBefore = EchoClients.engineThreads();
        RecordingHandler h = recording(new RecordingHandler(new EchoOrFlood()));
        List<AutoCloseable> clients = new ArrayList<>();
        int[] port = {0};
        try {
            Server server = start(baseConfig(), h);
            port[0] = server.address().getPort();
            for (int i = 0; i < 5; i++) {
                Socket s = connect(server.address());
                clients.add(s);
                roundTrip(s, "open at close " + i);
            }
            clients.add(stuffedChannel(server));
            clients.add(floodedClient(server));
            waitUntil(() -> h.opens() == 7, SOON, "7 connections opened");
            server.close();
            assertEquals(7, h.closes(), "onClose calls when close() returned, one per open connection"
                    + " (5 idle, 1 whose echo is stuck, 1 with a 32 MiB write in progress)");
            for (long id : h.ids()) {
                assertNotNull(h.causeOf(id), "onClose cause of connection " + id + " closed by the server stopping");
            }
            assertEquals(0, server.stats().open(), "stats().open() after close");
            for (int i = 0; i < 5; i++) {
                awaitServerClose((Socket) clients.get(i), SOON, "client " + i + " after server close");
            }
            assertThrows(ConnectException.class, () -> connect(server.address()).close(),
                    "the address should refuse connections after close");
        } finally {
            for (AutoCloseable c : clients) {
                c.close();
            }
        }
        waitUntil(() -> fds() == fdsBefore, Duration.ofSeconds(2),
                () -> "open descriptors back to " + fdsBefore + " (now " + fds() + "), server port " + port[0] + "\n before: "
                        + fdsListedBefore + "\n after:  " + EchoClients.fdTargets());
        waitUntil(() -> threads() == threadsBefore, Duration.ofSeconds(2),
                () -> "iomodels-* threads back to " + threadsBefore + " (now " + threads() + ")");
    }

    /**
     * Closes servers while a connection is being accepted and handed over, 40 times: every
     * connection that was opened is closed by the time close() returns, and nothing is left behind.
     */
    @Test
    void closeWhileConnectionsArriveLeaksNothing() throws Exception {
        EchoClients.warmUp();
        long fdsBefore = EchoClients.openFds();
        int threadsBefore = EchoClients.engineThreads();
        for (int i = 0; i < 40; i++) {
            RecordingHandler h = recordingEcho();
            Server server = start(baseConfig(), h);
            try (Socket unused = connect(server.address())) {
                if (i % 2 == 0) { // just opened; else still being accepted, or not yet
                    waitUntil(() -> h.opens() == 1, SOON, "the connection opened");
                }
                server.close();
                assertEquals(h.opens(), h.closes(), "cycle " + i + ": onClose calls when close() returned");
            }
        }
        waitUntil(() -> fds() == fdsBefore, Duration.ofSeconds(2),
                () -> "open descriptors back to " + fdsBefore + " after 40 start/close cycles (now " + fds() + ")\n"
                        + EchoClients.fdTargets());
        waitUntil(() -> threads() == threadsBefore, Duration.ofSeconds(2),
                () -> "iomodels-* threads back to " + threadsBefore + " (now " + threads() + ")");
    }

    /** Echo, except that a message starting with '#' is answered with 32 MiB in one write. */
    private static final class EchoOrFlood implements Handler {
        private final ByteBuffer flood = ByteBuffer.allocate(32 * EchoClients.MIB);

        @Override
        public void onData(Conn conn, ByteBuffer data) {
            conn.write(data.get(data.position()) == '#' ? flood.duplicate() : data);
        }
    }

    /** A client that asks for the 32 MiB flood, reads its first bytes, then reads no more. */
    private static Socket floodedClient(Server server) throws IOException {
        Socket s = connect(server.address());
        s.getOutputStream().write('#');
        if (s.getInputStream().readNBytes(1024).length != 1024) {
            s.close();
            throw new AssertionError("the flood did not start");
        }
        return s;
    }

    /** A client that sends without reading until the server's queue and the socket buffers are full. */
    private static SocketChannel stuffedChannel(Server server) throws IOException {
        SocketChannel ch = SocketChannel.open(server.address());
        ch.configureBlocking(false);
        ByteBuffer junk = ByteBuffer.allocate(256 << 10);
        long idleSince = System.nanoTime();
        while (System.nanoTime() - idleSince < 300_000_000L) {
            if (ch.write(junk.clear()) > 0) {
                idleSince = System.nanoTime();
            } else {
                EchoClients.sleep(5);
            }
        }
        return ch;
    }
}
