package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.iomodels.protocol.Chat;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.iomodels.engine.Engines;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The chat room as its members see it, on every model: broadcast, commands, announcements, limits. */
@Timeout(30)
class ChatTest {
    private static final int MEMBERS = 50;
    private static final int LINES = 4;
    private static final Pattern MESSAGE = Pattern.compile("<([A-Za-z0-9_-]+)> line (\\d+), h\u00e9llo \u2713");

    static java.util.stream.Stream<IoModel> models() {
        return ChatClient.models();
    }

    private static Server start(IoModel model) throws Exception {
        return Engines.open(model, ServerConfig.defaults().withLoops(2), new Chat()).start();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyLineReachesEveryOtherMemberExactlyOnceInOrder(IoModel model) throws Exception {
        try (Server server = start(model)) {
            List<ChatClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < MEMBERS; i++) {
                    clients.add(ChatClient.connect(server.address().getPort()));
                }
                List<String> names = clients.stream().map(c -> c.name).toList();
                assertEquals(MEMBERS, names.stream().distinct().count(), "names must be unique: " + names);
                for (int i = 0; i < MEMBERS; i++) {
                    for (int j = i + 1; j < MEMBERS; j++) {
                        clients.get(i).expect("* " + names.get(j) + " joined");
                    }
                }
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<?>> done = new ArrayList<>();
                    for (ChatClient c : clients) {
                        done.add(pool.submit(() -> talkAndCheck(c, names)));
                    }
                    for (Future<?> f : done) {
                        f.get(20, TimeUnit.SECONDS);
                    }
                }
            } finally {
                for (ChatClient c : clients) {
                    c.close();
                }
            }
        }
    }

    /** Sends LINES lines, then checks it got each other member's LINES lines once, in order, and none of its own. */
    private static Void talkAndCheck(ChatClient me, List<String> names) throws Exception {
        for (int k = 0; k < LINES; k++) {
            me.send("line " + k + ", h\u00e9llo \u2713");
        }
        Map<String, List<Integer>> bySender = new HashMap<>();
        for (int n = 0; n < (MEMBERS - 1) * LINES; n++) {
            String line = me.read();
            Matcher m = MESSAGE.matcher(String.valueOf(line));
            assertTrue(m.matches(), me.name + " got an unexpected line: " + line);
            assertTrue(!m.group(1).equals(me.name), me.name + " received its own line: " + line);
            bySender.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Integer.parseInt(m.group(2)));
        }
        List<Integer> expected = IntStream.range(0, LINES).boxed().toList();
        for (String sender : names) {
            if (!sender.equals(me.name)) {
                assertEquals(expected, bySender.get(sender), me.name + " from " + sender);
            }
        }
        // Nothing else is on its way: a duplicate would have been queued before this answer.
        me.send("/who");
        me.expect("* " + MEMBERS + " here: " + String.join(", ", names));
        return null;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void nickWhoQuitAndAnnouncements(IoModel model) throws Exception {
        try (Server server = start(model);
             ChatClient a = ChatClient.connect(server.address().getPort());
             ChatClient b = ChatClient.connect(server.address().getPort());
             ChatClient c = ChatClient.connect(server.address().getPort())) {
            a.expect("* " + b.name + " joined");
            a.expect("* " + c.name + " joined");
            b.expect("* " + c.name + " joined");
            a.send("/nick alice");
            for (ChatClient each : List.of(a, b, c)) {
                each.expect("* " + a.name + " is now alice");
            }
            b.send("/nick ALICE");
            b.expect("! name ALICE is taken");
            b.send("/nick bad name");
            b.expect("! invalid name 'bad name': use 1 to 32 of A-Z a-z 0-9 _ -");
            b.send("/nick " + "x".repeat(33));
            b.expect("! invalid name '" + "x".repeat(33) + "': use 1 to 32 of A-Z a-z 0-9 _ -");
            b.send("/nick");
            b.expect("! usage: /nick NAME");
            b.send("/frobnicate now");
            b.expect("! unknown command /frobnicate; commands: /nick NAME, /who, /quit");
            b.send("/nick " + "b".repeat(32));
            String bob = "b".repeat(32);
            for (ChatClient each : List.of(a, b, c)) { // a and c saw none of b's errors
                each.expect("* " + b.name + " is now " + bob);
            }
            b.sendRaw("hi there\r\n\n//who is here\n".getBytes(StandardCharsets.UTF_8));
            for (ChatClient each : List.of(a, c)) { // the empty line was dropped, the // escaped
                each.expect("<" + bob + "> hi there");
                each.expect("<" + bob + "> /who is here");
            }
            c.send("/who");
            c.expect("* 3 here: alice, " + bob + ", " + c.name);
            b.send("/quit");
            a.expect("* " + bob + " left");
            c.expect("* " + bob + " left");
            b.expectClosed();
            c.close(); // without a word: the room notices the end of the connection
            a.expect("* " + c.name + " left");
            a.send("/who");
            a.expect("* 1 here: alice");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void aLineOver4KiBClosesOnlyItsSender(IoModel model) throws Exception {
        try (Server server = start(model);
             ChatClient a = ChatClient.connect(server.address().getPort());
             ChatClient b = ChatClient.connect(server.address().getPort());
             ChatClient c = ChatClient.connect(server.address().getPort())) {
            a.expect("* " + b.name + " joined");
            a.expect("* " + c.name + " joined");
            b.expect("* " + c.name + " joined");
            String longest = "x".repeat(Chat.MAX_LINE);
            a.send(longest);
            String accented = "y".repeat(Chat.MAX_LINE - 2) + "\u00e9"; // 4096 bytes: \u00e9 is two in UTF-8
            a.sendRaw((accented + "\r").getBytes(StandardCharsets.UTF_8)); // 4097 buffered, \r last
            Thread.sleep(100); // let the partial line be buffered: its \n may still come
            a.sendRaw("\n".getBytes(StandardCharsets.UTF_8));
            for (ChatClient each : List.of(b, c)) {
                each.expect("<" + a.name + "> " + longest);
                each.expect("<" + a.name + "> " + accented);
            }
            a.send("z".repeat(Chat.MAX_LINE + 1));
            a.expect("! line too long (max 4096 bytes)");
            a.expectClosed();
            b.expect("* " + a.name + " left");
            c.expect("* " + a.name + " left");
            b.sendRaw("p".repeat(5000).getBytes(StandardCharsets.UTF_8)); // no newline: too long while still partial
            b.expect("! line too long (max 4096 bytes)");
            b.expectClosed();
            c.expect("* " + b.name + " left");
            c.send("/who");
            c.expect("* 1 here: " + c.name);
        }
    }
}
