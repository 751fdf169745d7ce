package org.iomodels.process.manager;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.iomodels.process.ChildError;

/**
 * One process's way to one manager: a connection per thread, as Python's proxies keep (so a lock
 * a thread acquires is held by that thread's connection, and one thread's wait never blocks
 * another's call), opened and authenticated on the thread's first call, closed when the thread
 * is gone or the manager is. A call is one frame out and one back. A connection that fails
 * mid-call makes a {@link ManagerException} naming the manager, its pid and, in the process that
 * started it, how it ended: a manager that dies never leaves a call waiting (a TCP peer whose
 * machine vanished is found by keep-alive within about 25 s; a manager stopped by SIGSTOP is not
 * dead, and its calls wait until it goes on).
 */
final class Client {
    private static final ConcurrentHashMap<String, Client> CLIENTS = new ConcurrentHashMap<>();
    private static final Cleaner CLEANER = Cleaner.create();

    final Token.Home home;
    private final Set<Conn> open = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Conn> mine = new ThreadLocal<>();
    private final Wire.Refs refs = (id, typeId) -> Proxies.of(new Token(home(), id, typeId));
    /** How the manager's process ended, where this process started it (else null). */
    volatile Supplier<String> fate;
    private volatile String closed;

    private Client(Token.Home home) {
        this.home = home;
    }

    private Token.Home home() {
        return home;
    }

    static Client of(Token.Home home) {
        return CLIENTS.computeIfAbsent(cacheKey(home), a -> new Client(home));
    }

    /** One client per manager and key: a wrong key given for an address is not served by the right one's connections. */
    private static String cacheKey(Token.Home home) {
        return home.address + " " + java.util.HexFormat.of().formatHex(home.authKey);
    }

    /** A connection on this thread, authenticated; AuthenticationException if the keys differ. */
    Conn conn() throws IOException {
        Conn c = mine.get();
        if (c != null && c.ch.socket.isOpen()) {
            return c;
        }
        if (closed != null) {
            throw new ManagerException(home + " " + closed, null);
        }
        FrameChannel ch = FrameChannel.connect(home.socketAddress(), home.toString());
        try {
            Auth.client(ch, home.authKey);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        c = new Conn(ch);
        mine.set(c);
        open.add(c);
        Conn made = c;
        CLEANER.register(Thread.currentThread(), () -> {
            made.ch.close();
            open.remove(made);
        });
        return c;
    }

    /** {@code method} of object {@code id} with {@code args}: its result, or what it threw, raised here. */
    Object call(long id, String method, Object... args) {
        return roundTrip(Wire.CALL, id, method, args);
    }

    /** A new object of {@code typeId} in the manager (named: the one of that name, made if none is). */
    Token create(String typeId, Object... args) {
        return Token.of(roundTrip(Wire.CREATE, 0, typeId, args));
    }

    private Object roundTrip(byte op, long id, String method, Object[] args) {
        if (args.length > 127) {
            throw new IllegalArgumentException(method + " takes at most 127 arguments through a proxy, not " + args.length);
        }
        Conn c;
        try {
            c = conn();
        } catch (AuthenticationException e) {
            throw new ManagerException(e.getMessage(), e);
        } catch (IOException e) {
            throw new ManagerException("cannot reach " + home + ": " + e.getMessage() + describeFate(), e);
        }
        ByteBuffer reply;
        try {
            Wire.Writer w = c.out.begin().put(op).putLong(id).putString(method).put((byte) args.length);
            for (Object a : args) {
                w.value(a, home);
            }
            c.ch.send(w.frame());
            reply = c.ch.receive();
        } catch (IOException e) {
            drop(c);
            if (e instanceof java.io.NotSerializableException || e instanceof java.io.InvalidClassException) {
                throw new IllegalArgumentException("an argument of " + method + " cannot cross to the manager: " + e, e);
            }
            throw new ManagerException(home + " is gone: " + e.getMessage() + describeFate(), e);
        }
        try {
            if (reply.get() == Wire.OK) {
                return Wire.value(reply, refs);
            }
            throw Remote.raise((ChildError) Wire.value(reply, refs), method);
        } catch (IOException e) {
            throw new ManagerException("the reply of " + home + " to " + method + " cannot be read: " + e.getMessage(), e);
        }
    }

    private String describeFate() {
        Supplier<String> f = fate;
        String s = f == null ? null : f.get();
        return s == null ? "" : " (" + s + ")";
    }

    private void drop(Conn c) {
        c.ch.close();
        open.remove(c);
        mine.remove();
    }

    /** Asks the manager to end; its connections close with it. */
    void shutdown() {
        try {
            roundTrip(Wire.SHUTDOWN, 0, "shutdown", new Object[0]);
        } catch (ManagerException e) {
            // already gone: what shutdown wants
        }
        close("was shut down");
    }

    /** A {@link Manager} handle of this process now uses this client. */
    Client retain() {
        handles.incrementAndGet();
        return this;
    }

    /** A handle is done with it: the last one closes this process's connections (another handle in the process may still use them). */
    void release(String why) {
        if (handles.decrementAndGet() <= 0) {
            close(why);
        }
    }

    private final java.util.concurrent.atomic.AtomicInteger handles = new java.util.concurrent.atomic.AtomicInteger();

    /** Closes this process's connections; later calls fail saying {@code why}. */
    void close(String why) {
        closed = why;
        for (Conn c : open) {
            c.ch.close();
        }
        open.clear();
        CLIENTS.remove(cacheKey(home), this);
    }

    static final class Conn {
        final FrameChannel ch;
        final Wire.Writer out = new Wire.Writer();

        Conn(FrameChannel ch) {
            this.ch = ch;
        }
    }
}
