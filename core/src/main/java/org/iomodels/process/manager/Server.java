package org.iomodels.process.manager;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A manager's server (Python's {@code managers.Server}): it listens on a Unix domain socket or a
 * TCP address, gives each connection a {@link Session} on a thread of its own, and holds the
 * objects its proxies name, by id ({@link Servants} makes them). An object lives as long as the
 * manager does. {@link #serveUntilStopped} returns once a client has asked it to shut down.
 */
final class Server {
    private static final ThreadLocal<Boolean> SERVING = new ThreadLocal<>();

    final Token.Home home;
    private final ServerSocketChannel listener;
    private final Map<Long, Servant> objects = new ConcurrentHashMap<>();
    private final Map<String, Long> names = new ConcurrentHashMap<>();
    private final Map<String, String> registered;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;

    private Server(ServerSocketChannel listener, Token.Home home, Map<String, String> registered) {
        this.listener = listener;
        this.home = home;
        this.registered = registered;
    }

    /** A server bound to {@code address} ({@code unix:PATH}, or {@code tcp:HOST:PORT} with port 0 for any). */
    static Server bind(String address, byte[] authKey, Map<String, String> registered) throws IOException {
        ServerSocketChannel l;
        if (address.startsWith("unix:")) {
            l = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            l.bind(UnixDomainSocketAddress.of(address.substring(5)), 512);
        } else {
            l = ServerSocketChannel.open();
            l.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            try {
                l.bind(new Token.Home(address, authKey, 0).socketAddress(), 512);
            } catch (IOException e) {
                l.close();
                throw new IOException("bind(" + address.substring(4) + "): " + e.getMessage(), e);
            }
        }
        String bound = Token.Home.name(l.getLocalAddress());
        return new Server(l, new Token.Home(bound, authKey, ProcessHandle.current().pid()), Map.copyOf(registered));
    }

    static boolean inServer() {
        return SERVING.get() != null;
    }

    static void markServerThread() {
        SERVING.set(Boolean.TRUE);
    }

    /** Accepts connections until {@link #stop}. */
    void serveUntilStopped() throws InterruptedException {
        Thread acceptor = Thread.ofPlatform().daemon().name("manager-accept").start(this::acceptLoop);
        stopped.await();
        acceptor.join(2000);
    }

    private void acceptLoop() {
        int n = 0;
        while (!stopping) {
            SocketChannel s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (stopping || !listener.isOpen()) {
                    return;
                }
                System.err.println("iomodels manager: accept: " + e.getMessage() + " (accepting again in 100 ms)"); // EMFILE passes
                pause();
                continue;
            }
            if (handshaking.get() >= MAX_HANDSHAKING) {
                closeQuietly(s); // a flood of connections that do not authenticate takes no thread
                continue;
            }
            try {
                if (!(s.getLocalAddress() instanceof UnixDomainSocketAddress)) {
                    FrameChannel.tcpOptions(s);
                }
                Session session = new Session(this, new FrameChannel(s, "client " + (s.getRemoteAddress() == null ? "" : s.getRemoteAddress())));
                sessions.add(session);
                Thread.ofPlatform().daemon().name("manager-session-" + ++n).stackSize(256 << 10).start(session);
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                System.err.println("iomodels manager: a connection could not be served: " + e);
                closeQuietly(s);
            }
        }
    }

    /** Connections not yet through the handshake: at most this many at once, each for at most {@link #HANDSHAKE_SECONDS}. */
    static final int MAX_HANDSHAKING = 64;
    static final long HANDSHAKE_SECONDS = Long.getLong("iomodels.manager.handshakeSeconds", 5); // the tests' is 1 (core's pom)
    final java.util.concurrent.atomic.AtomicInteger handshaking = new java.util.concurrent.atomic.AtomicInteger();
    /** Closes a connection whose handshake has not ended in time. */
    final java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("manager-handshake-timer").unstarted(r));

    private static void closeQuietly(SocketChannel s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // it is gone either way
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void ended(Session s) {
        sessions.remove(s);
    }

    /** Stops accepting and closes every connection; {@link #serveUntilStopped} returns. */
    void stop() {
        stopping = true;
        timer.shutdownNow();
        try {
            listener.close();
        } catch (IOException e) {
            // closed whatever close says
        }
        for (Session s : sessions) {
            s.ch.close();
        }
        if (home.address.startsWith("unix:")) {
            try {
                java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(home.address.substring(5)));
            } catch (IOException e) {
                // the directory goes with the owner's exit
            }
        }
        stopped.countDown();
    }

    Servant servant(long id) {
        Servant s = objects.get(id);
        if (s == null) {
            throw new java.util.NoSuchElementException("the manager holds no object " + id);
        }
        return s;
    }

    /** A reference read in a request: this manager's token for object {@code id}, which must exist. */
    Token token(long id, String typeId) {
        Servant s = servant(id);
        if (!s.typeId().equals(typeId)) {
            throw new IllegalArgumentException("object " + id + " is a " + s.typeId() + ", not a " + typeId);
        }
        return new Token(home, id, typeId);
    }

    /** CREATE: {@code args[0]} a name (null: a new object) and the rest the new object's arguments. */
    Token create(String typeId, Object[] args) throws Exception {
        if (args.length == 0 || (args[0] != null && !(args[0] instanceof String))) {
            throw new IllegalArgumentException("a create names its object (a string) or gives null");
        }
        Object[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        String name = (String) args[0];
        if (name == null) {
            return add(Servants.make(typeId, rest, registered, this));
        }
        synchronized (names) {
            Long id = names.get(name);
            if (id != null) {
                Servant s = objects.get(id);
                if (!s.typeId().equals(typeId)) {
                    throw new IllegalArgumentException("the manager's '" + name + "' is a " + s.typeId() + ", not a " + typeId);
                }
                return new Token(home, id, typeId);
            }
            Token t = add(Servants.make(typeId, rest, registered, this));
            names.put(name, t.id());
            return t;
        }
    }

    private Token add(Servant s) {
        long id = ids.incrementAndGet();
        objects.put(id, s);
        return new Token(home, id, s.typeId());
    }
}
