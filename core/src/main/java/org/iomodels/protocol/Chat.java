package org.iomodels.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.iomodels.server.Conn;
import org.iomodels.server.Handler;

/**
 * A line-based chat room on the {@link Handler} contract: every line a member sends is
 * broadcast to every other member as {@code <name> text}, with {@code /nick}, {@code /who} and
 * {@code /quit} commands. It runs unchanged on every I/O model.
 *
 * <p>The protocol (UTF-8 lines ending in {@code \n}; a {@code \r} before it is dropped):
 * <ul>
 *   <li>A new member is named {@code guest-<id>} and told so ({@code * you are guest-7; ...});
 *       the others see {@code * guest-7 joined}.
 *   <li>A line goes to the others as {@code <guest-7> text}. An empty line is ignored; a line
 *       starting with {@code //} sends the text from its second slash on.
 *   <li>{@code /nick NAME} renames (1 to 32 of {@code A-Z a-z 0-9 _ -}, unique ignoring case);
 *       everyone sees {@code * old is now new}.
 *   <li>{@code /who} answers {@code * 3 here: alice, bob, guest-9} (in joining order).
 *   <li>{@code /quit}, or the end of the member's input, leaves: the others see
 *       {@code * name left}, then the connection is closed once its queued lines are sent.
 *   <li>Errors go to the sender alone as {@code ! ...} lines. A line over {@value #MAX_LINE}
 *       bytes (or a partial line buffered past that) gets {@code ! line too long (max 4096 bytes)}
 *       and that connection is closed; the room goes on.
 *   <li>A member holding more than {@code maxPendingBytes} unread (it stopped reading) is
 *       disconnected, and the others see {@code * name left (too slow)}: memory stays bounded.
 * </ul>
 *
 * <p>Thread safety: one lock guards the members and their names and orders every broadcast, so
 * every member sees the room's events in the same order. It is held only to queue lines, never
 * for I/O: each member's {@link Outbox} hands them to {@link Conn#write} on a virtual thread,
 * because on thread-per-connection engines that write blocks while the peer does not read.
 */
public final class Chat implements Handler {
    /** The longest line accepted, in bytes, not counting its newline. */
    public static final int MAX_LINE = 4096;
    /** Unread bytes past which a member is disconnected as too slow, by default. */
    public static final long MAX_PENDING = 1 << 20;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final String COMMANDS = "/nick NAME, /who, /quit";
    private static final String TOO_LONG = "! line too long (max " + MAX_LINE + " bytes)";

    /**
     * Platform threads, reused, as many as members are being delivered to at once. Not virtual
     * threads: on {@code blocking} a write is a native send(2) that pins a virtual thread's
     * carrier, and two members that stopped reading froze every delivery and every drop of a slow
     * member on a 2-core machine (issue 11). A member whose delivery blocks holds one thread, and
     * only until it is dropped as too slow.
     */
    private static final Executor DELIVERY = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("chat-delivery-", 0).daemon().factory());

    private final long maxPendingBytes;
    private final Executor delivery;
    private final Object lock = new Object();
    private final Map<Long, ChatMember> members = new LinkedHashMap<>(); // by conn id, joining order
    private final Map<String, ChatMember> byName = new HashMap<>(); // by lower-case name
    private final ArrayDeque<ChatMember> slow = new ArrayDeque<>(); // found too slow, to be dropped
    private boolean droppingSlow;

    /** A room that drops members holding more than {@link #MAX_PENDING} unread bytes. */
    public Chat() {
        this(MAX_PENDING);
    }

    /** A room that drops members holding more than {@code maxPendingBytes} unread bytes. */
    public Chat(long maxPendingBytes) {
        if (maxPendingBytes <= MAX_LINE + 64) {
            throw new IllegalArgumentException("maxPendingBytes must exceed one longest line, not " + maxPendingBytes);
        }
        this.maxPendingBytes = maxPendingBytes;
        this.delivery = DELIVERY;
    }

    @Override
    public void onOpen(Conn conn) {
        ChatMember m = new ChatMember(conn, new LineFramer(MAX_LINE), new Outbox(conn, delivery, maxPendingBytes));
        conn.attach(m);
        synchronized (lock) {
            m.name = freeGuestNameLocked(conn.id());
            members.put(conn.id(), m);
            byName.put(key(m.name), m);
            sendLocked(m, "* you are " + m.name + "; commands: " + COMMANDS);
            broadcastLocked(m, "* " + m.name + " joined");
        }
    }

    @Override
    public void onData(Conn conn, ByteBuffer data) {
        ChatMember m = member(conn);
        if (m == null || m.leaving) {
            return;
        }
        if (m.framer.feed(data, line -> onLine(m, line)) == LineFramer.Result.TOO_LONG) {
            leave(m, TOO_LONG);
        }
    }

    /** End of the member's input: a last line without its newline still counts, then it leaves. */
    @Override
    public void onInputClosed(Conn conn) {
        ChatMember m = member(conn);
        if (m == null) {
            conn.close();
            return;
        }
        if (!m.leaving) {
            String last = m.framer.rest();
            if (last != null) {
                onLine(m, last);
            }
        }
        if (!m.leaving) {
            leave(m, null);
        }
    }

    @Override
    public void onClose(Conn conn, Throwable cause) {
        ChatMember m = member(conn);
        if (m == null) {
            return;
        }
        m.leaving = true;
        m.outbox.discard();
        synchronized (lock) {
            removeLocked(m, "");
        }
    }

    /** Handles one line; returns whether to go on reading this member's lines. */
    private boolean onLine(ChatMember m, String line) {
        if (line.startsWith("//")) {
            say(m, line.substring(1));
        } else if (line.startsWith("/")) {
            command(m, line);
        } else if (!line.isEmpty()) {
            say(m, line);
        }
        return !m.leaving;
    }

    private void command(ChatMember m, String line) {
        int space = line.indexOf(' ');
        String command = space < 0 ? line : line.substring(0, space);
        String argument = space < 0 ? "" : line.substring(space + 1).strip();
        switch (command) {
            case "/nick" -> nick(m, argument);
            case "/who" -> who(m);
            case "/quit" -> leave(m, null);
            default -> error(m, "unknown command " + command + "; commands: " + COMMANDS);
        }
    }

    private void say(ChatMember m, String text) {
        synchronized (lock) {
            if (members.get(m.conn.id()) == m) {
                broadcastLocked(m, "<" + m.name + "> " + text);
            }
        }
    }

    private void nick(ChatMember m, String name) {
        if (name.isEmpty()) {
            error(m, "usage: /nick NAME");
            return;
        }
        if (!NAME.matcher(name).matches()) {
            error(m, "invalid name '" + name + "': use 1 to 32 of A-Z a-z 0-9 _ -");
            return;
        }
        synchronized (lock) {
            ChatMember holder = byName.get(key(name));
            if (members.get(m.conn.id()) != m) {
                return;
            } else if (name.equals(m.name)) {
                sendLocked(m, "! you are already " + name);
            } else if (holder != null && holder != m) {
                sendLocked(m, "! name " + name + " is taken");
            } else {
                String old = m.name;
                byName.remove(key(old));
                m.name = name;
                byName.put(key(name), m);
                broadcastLocked(null, "* " + old + " is now " + name);
            }
        }
    }

    private void who(ChatMember m) {
        synchronized (lock) {
            List<String> names = new ArrayList<>(members.size());
            members.values().forEach(member -> names.add(member.name));
            sendLocked(m, "* " + names.size() + " here: " + String.join(", ", names));
        }
    }

    private void error(ChatMember m, String message) {
        synchronized (lock) {
            sendLocked(m, "! " + message);
        }
    }

    /** Leaves the room: {@code lastWords} (if any) to the member, {@code * name left} to the others, then close. */
    private void leave(ChatMember m, String lastWords) {
        m.leaving = true;
        synchronized (lock) {
            if (lastWords != null) {
                sendLocked(m, lastWords);
            }
            removeLocked(m, "");
        }
        m.outbox.closeWhenDrained();
    }

    /** Takes {@code m} out of the room and tells the others, unless it is out already. */
    private boolean removeLocked(ChatMember m, String why) {
        if (!members.remove(m.conn.id(), m)) {
            return false;
        }
        byName.remove(key(m.name));
        broadcastLocked(null, "* " + m.name + " left" + why);
        return true;
    }

    /** Queues {@code line} for every member but {@code except}; drops those too slow to take it. */
    private void broadcastLocked(ChatMember except, String line) {
        byte[] bytes = ChatMember.encode(line);
        for (ChatMember other : members.values()) {
            if (other != except && !other.outbox.offer(bytes)) {
                slow.add(other);
            }
        }
        dropSlowLocked();
    }

    private void sendLocked(ChatMember m, String line) {
        if (!m.send(line)) {
            slow.add(m);
            dropSlowLocked();
        }
    }

    /**
     * Disconnects the members found too slow. Announcing one may find another: the guard keeps
     * that to a loop here rather than a recursion as deep as the room is large.
     */
    private void dropSlowLocked() {
        if (droppingSlow) {
            return;
        }
        droppingSlow = true;
        try {
            ChatMember m;
            while ((m = slow.poll()) != null) {
                m.leaving = true;
                m.outbox.discard();
                if (removeLocked(m, " (too slow)")) {
                    // Not under the lock: an engine may call onClose (which takes it) from abort,
                    // on this thread or, holding its own per-connection lock, on another.
                    delivery.execute(m.conn::abort);
                }
            }
        } finally {
            droppingSlow = false;
        }
    }

    private String freeGuestNameLocked(long id) {
        String name = "guest-" + id;
        for (int n = 2; byName.containsKey(key(name)); n++) {
            name = "guest-" + id + "-" + n;
        }
        return name;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static ChatMember member(Conn conn) {
        return conn.attachment() instanceof ChatMember m ? m : null;
    }
}
