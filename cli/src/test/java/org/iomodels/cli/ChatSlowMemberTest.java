package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.iomodels.protocol.Chat;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.iomodels.engine.Engines;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Members that stop reading are dropped once 1 MiB waits for each, and the room goes on: more of
 * them than the machine has cores, so a delivery that blocks its thread (a thread-per-connection
 * engine's write to a peer that does not read) cannot hold up the others' (issue 11).
 */
@Timeout(60)
class ChatSlowMemberTest {
    private static final long MAX_SENT = 64L << 20; // far past the limit plus any kernel buffers
    private static final int IN_FLIGHT = 64; // lines sent but not yet read by the observer
    private static final int SLOW = 3;

    static java.util.stream.Stream<IoModel> models() {
        return ChatClient.models();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void membersThatStopReadingAreDroppedAndTheRoomGoesOn(IoModel model) throws Exception {
        List<ChatClient> slow = new ArrayList<>();
        try (Server server = Engines.open(model, ServerConfig.defaults(), new Chat()).start()) {
            for (int i = 0; i < SLOW; i++) {
                slow.add(ChatClient.connect(server.address().getPort(), 4096));
            }
            roomGoesOn(server, slow);
        } finally {
            for (ChatClient c : slow) {
                c.close();
            }
        }
    }

    private static void roomGoesOn(Server server, List<ChatClient> slow) throws Exception {
        try (ChatClient talker = ChatClient.connect(server.address().getPort());
             ChatClient observer = ChatClient.connect(server.address().getPort())) {
            talker.expect("* " + observer.name + " joined");
            Set<String> dropped = new HashSet<>();
            for (ChatClient c : slow) {
                dropped.add("* " + c.name + " left (too slow)");
            }
            AtomicLong observed = new AtomicLong();
            CompletableFuture<Long> seen = CompletableFuture.supplyAsync(() -> readUntil(observer, dropped, observed));
            String line = "x".repeat(Chat.MAX_LINE);
            long sent = 0;
            while (!seen.isDone() && sent * line.length() < MAX_SENT) {
                talker.send(line);
                sent++;
                // The talker keeps pace with the members who read, so only the one who does not falls behind.
                while (sent - observed.get() > IN_FLIGHT && !seen.isDone()) {
                    Thread.sleep(1);
                }
            }
            long before = seen.get(20, TimeUnit.SECONDS);
            assertTrue(before > Chat.MAX_PENDING / Chat.MAX_LINE, "dropped too early, after " + before + " lines");
            for (int i = 0; i < SLOW; i++) {
                String heard = talker.read();
                while (heard != null && !heard.endsWith(" left (too slow)")) {
                    heard = talker.read();
                }
                assertTrue(dropped.contains(heard), "only the members who stopped reading are dropped: " + heard);
            }
            talker.send("still here");
            for (long n = before; n < sent; n++) { // what the talker sent before it saw the drop
                observer.expect("<" + talker.name + "> " + line);
            }
            observer.expect("<" + talker.name + "> still here");
            observer.send("/who");
            observer.expect("* 2 here: " + talker.name + ", " + observer.name);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.stats().open() > 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2, server.stats().open(), "the server must release the dropped members' connections");
            for (ChatClient c : slow) {
                assertEndsWithin(c, 10_000);
            }
        }
    }

    /**
     * Reads lines until every line of {@code last} has come, checking the rest are the talker's;
     * returns how many of the talker's came before the last of them.
     */
    private static long readUntil(ChatClient observer, Set<String> last, AtomicLong count) {
        Set<String> waiting = new HashSet<>(last);
        try {
            while (!waiting.isEmpty()) {
                String l = observer.read();
                if (waiting.remove(l)) {
                    continue;
                }
                assertTrue(l != null && l.startsWith("<"), "unexpected line: " + l);
                count.incrementAndGet();
            }
            return count.get();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Draining the dropped member's socket comes to an end: end of stream or a reset. */
    private static void assertEndsWithin(ChatClient slow, int millis) throws IOException {
        slow.socket.setSoTimeout(millis);
        InputStream in = slow.socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) >= 0) {
                // what was already in flight before the server dropped it
            }
        } catch (java.net.SocketException e) {
            assertTrue(String.valueOf(e.getMessage()).contains("reset"), e.toString());
        }
    }
}
