package org.iomodels.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import org.iomodels.protocol.Echo;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.iomodels.engine.Engines;
import org.junit.jupiter.api.Test;

/** The load generator is the project's measuring stick: it must catch every way a server can lie. */
class LoadGeneratorTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private static LoadResult closedLoop(InetSocketAddress target, int conns, int size, double seconds) throws Exception {
        return LoadGenerator.run(new LoadConfig(target, conns, 0, size, 2, 0, 0.2, seconds, 1, null), QUIET);
    }

    @Test
    void anHonestServerPassesWithEveryMessageCounted() throws Exception {
        try (Server server = Engines.open(IoModel.EPOLL, ServerConfig.defaults().withPort(0), new Echo()).start()) {
            LoadResult r = LoadGenerator.run(new LoadConfig(server.address(), 20, 5, 3000, 4, 0, 0.2, 1, 2, null), QUIET);
            assertTrue(r.ok(), r.toText());
            assertEquals(25, r.connected());
            assertTrue(r.msgs() > 100, r.toText());
            assertEquals(r.msgs(), r.latency().getTotalCount());
            assertTrue(r.totalMsgs() >= r.msgs());
            assertTrue(r.outstanding() <= 20 * 4, r.toText());
            assertTrue(r.toJson().contains("\"errors\":{\"total\":0"), r.toJson());
        }
    }

    @Test
    void oneFlippedByteIsCaughtAndNamed() throws Exception {
        try (FaultyEchoServer server = new FaultyEchoServer((offset, chunk) -> {
            if (offset <= 1000 && 1000 < offset + chunk.length) {
                chunk[(int) (1000 - offset)] ^= 0x20;
            }
            return chunk;
        })) {
            LoadResult r = closedLoop(server.address(), 3, 100, 0.5);
            assertFalse(r.ok());
            assertEquals(3, r.errors().corrupt(), r.toText());
            assertTrue(r.errors().first().getFirst().contains("byte 1000 of the stream differs"), r.toText());
        }
    }

    @Test
    void aServerThatClosesEarlyIsALostConnection() throws Exception {
        try (FaultyEchoServer server = new FaultyEchoServer((offset, chunk) -> offset >= 500 ? null : chunk)) {
            LoadResult r = closedLoop(server.address(), 4, 100, 0.5);
            assertFalse(r.ok());
            assertEquals(4, r.errors().lost(), r.toText());
            assertTrue(r.errors().first().getFirst().contains("closed by the server after echoing"), r.toText());
        }
    }

    @Test
    void anIdleConnectionTheServerDropsIsLostToo() throws Exception {
        try (FaultyEchoServer server = new FaultyEchoServer((offset, chunk) -> chunk, 300)) {
            LoadResult r = LoadGenerator.run(new LoadConfig(server.address(), 1, 3, 64, 1, 0, 0, 1.0, 1, null), QUIET);
            assertEquals(3, r.errors().lost(), r.toText());
            assertTrue(r.errors().first().getFirst().contains("idle #"), r.toText());
            assertTrue(r.msgs() > 0, r.toText()); // the busy one went on
        }
    }

    @Test
    void aSlowServersLatencyIsRecordedNotHidden() throws Exception {
        try (FaultyEchoServer server = new FaultyEchoServer((offset, chunk) -> {
            Thread.sleep(30);
            return chunk;
        })) {
            LoadResult r = closedLoop(server.address(), 2, 50, 1);
            assertTrue(r.ok(), r.toText());
            assertTrue(r.latencyMicros(50) >= 30_000, r.toText());
        }
    }

    @Test
    void openLoopCountsAStallAgainstEveryMessageItDelayed() throws Exception {
        Object lock = new Object();
        long[] firstSeen = {0};
        boolean[] stalled = {false};
        try (FaultyEchoServer server = new FaultyEchoServer((offset, chunk) -> {
            synchronized (lock) { // one stall of the whole server, 0.6 s, half a second in
                long now = System.nanoTime();
                if (firstSeen[0] == 0) {
                    firstSeen[0] = now;
                } else if (!stalled[0] && now - firstSeen[0] > 500_000_000L) {
                    stalled[0] = true;
                    Thread.sleep(600);
                }
            }
            return chunk;
        })) {
            LoadResult r = LoadGenerator.run(new LoadConfig(server.address(), 2, 0, 64, 1, 400, 0, 2, 1, null), QUIET);
            assertTrue(r.ok(), r.toText());
            // 30% of the messages were due during the stall, each delayed by up to 0.6 s: a closed
            // loop would have stopped sending and shown the stall in two messages only.
            assertTrue(r.latencyMicros(90) >= 200_000, r.toText());
            assertTrue(r.msgs() >= 700, r.toText()); // 400 msgs/s for 2 s, the delayed ones included
        }
    }

    @Test
    void anOpenLoopAskedForMoreThanItCanSendKeepsReadingAndSaysTheLoadFellBehind() throws Exception {
        try (Server server = Engines.open(IoModel.EPOLL, ServerConfig.defaults().withPort(0), new Echo()).start()) {
            LoadResult closed = LoadGenerator.run(new LoadConfig(server.address(), 10, 0, 128, 1, 0, 0.3, 1, 1, null), QUIET);
            LoadResult open = LoadGenerator.run(new LoadConfig(server.address(), 10, 0, 128, 1, LoadConfig.MAX_RATE, 0.3, 1, 1, null), QUIET);
            assertTrue(closed.ok(), closed.toText());
            assertTrue(open.ok(), open.toText()); // falling behind its own schedule is no server failure
            // Side by side on one server: the overloaded open loop still reads and counts every echo
            // (issue 11: it reported 2,560 msgs/s where closed loop did ~50,000, or 0 and "a stalled server?").
            assertTrue(open.msgsPerSecond() >= 0.3 * closed.msgsPerSecond(), open.toText() + closed.toText());
            assertTrue(open.behind(), open.toText());
            assertTrue(open.sent() > 0 && open.sent() < open.scheduled(), open.toText());
            assertTrue(open.toText().contains("the load fell behind its schedule: sent "), open.toText());
            assertTrue(open.toText().contains("not a server failure"), open.toText());
            assertFalse(open.toText().contains("stalled"), open.toText());
            assertTrue(open.toJson().contains("\"behind\":true"), open.toJson());
            assertFalse(closed.behind(), closed.toText());
        }
    }

    @Test
    void anOpenLoopThatKeepsItsScheduleIsNotBehind() throws Exception {
        try (Server server = Engines.open(IoModel.EPOLL, ServerConfig.defaults().withPort(0), new Echo()).start()) {
            LoadResult r = LoadGenerator.run(new LoadConfig(server.address(), 4, 0, 64, 1, 2000, 0.2, 0.5, 1, null), QUIET);
            assertTrue(r.ok(), r.toText());
            assertFalse(r.behind(), r.toText());
            assertTrue(r.scheduled() >= 1300 && r.sent() >= r.scheduled() - 4, r.toText()); // 2000/s for 0.7 s
            assertFalse(r.toText().contains("behind"), r.toText());
        }
    }

    @Test
    void aRefusedConnectionIsAnError() throws Exception {
        InetSocketAddress nobody;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            nobody = new InetSocketAddress("127.0.0.1", s.getLocalPort());
        }
        LoadResult r = closedLoop(nobody, 2, 10, 0.2);
        assertEquals(2, r.errors().connect(), r.toText());
        assertEquals(0, r.connected());
        assertTrue(r.errors().first().getFirst().contains("ECONNREFUSED"), r.toText());
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 1);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new LoadConfig(a, 19_000, 1, 10, 1, 0, 0, 1, 1, null)).getMessage().contains("19000"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new LoadConfig(a, 1, 0, 0, 1, 0, 0, 1, 1, null)).getMessage().contains("--size"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new LoadConfig(a, 0, 5, 10, 1, 100, 0, 1, 1, null)).getMessage().contains("--rate"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new LoadConfig(a, 1, 0, 10, 1, 1e12, 0, 1, 1, null)).getMessage().contains("--rate must be 0..100000000"));
    }
}
