package org.iomodels.engine;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.iomodels.server.Conn;
import org.iomodels.server.Handler;

/**
 * Wraps a handler and records what the engine does with it: connections opened and closed (with
 * the cause), the largest write queue seen after a write, and every call that breaks the
 * {@link Handler} contract (a call before onOpen or after onClose, overlapping calls on one
 * connection, a second onClose). With a poison byte it throws from onData when the byte arrives.
 */
final class RecordingHandler implements Handler {
    /** What the handler throws on the poison byte. */
    static final class Poisoned extends RuntimeException {
        Poisoned() {
            super("poison byte received (thrown on purpose by the test)");
        }
    }

    private static final class Record {
        final AtomicInteger closes = new AtomicInteger();
        final AtomicBoolean inCall = new AtomicBoolean();
        volatile boolean closed;
        volatile Throwable cause;
    }

    private final Handler delegate;
    private final int poison;
    private final Map<Long, Record> conns = new ConcurrentHashMap<>();
    private final Map<Integer, Long> idByPeerPort = new ConcurrentHashMap<>();
    private final AtomicInteger closes = new AtomicInteger();
    private final AtomicLong maxPending = new AtomicLong();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    RecordingHandler(Handler delegate) {
        this(delegate, -1);
    }

    /** {@code poison}: a byte value that makes onData throw {@link Poisoned}; -1 for none. */
    RecordingHandler(Handler delegate, int poison) {
        this.delegate = delegate;
        this.poison = poison;
    }

    @Override
    public void onOpen(Conn conn) {
        InetSocketAddress peer = conn.remoteAddress();
        if (peer != null) { // before the record: whoever sees the open count sees the port too
            idByPeerPort.put(peer.getPort(), conn.id());
        }
        Record r = new Record();
        if (conns.putIfAbsent(conn.id(), r) != null) {
            violations.add("connection " + conn.id() + " opened twice");
            return;
        }
        enter(conn, "onOpen");
        try {
            delegate.onOpen(conn);
        } finally {
            r.inCall.set(false);
        }
    }

    @Override
    public void onData(Conn conn, ByteBuffer data) {
        Record r = enter(conn, "onData");
        try {
            if (poison >= 0) {
                for (int i = data.position(); i < data.limit(); i++) {
                    if ((data.get(i) & 0xFF) == poison) {
                        throw new Poisoned();
                    }
                }
            }
            delegate.onData(conn, data);
            maxPending.accumulateAndGet(conn.pendingBytes(), Math::max);
        } finally {
            exit(r);
        }
    }

    @Override
    public void onDrained(Conn conn) {
        Record r = enter(conn, "onDrained");
        try {
            delegate.onDrained(conn);
        } finally {
            exit(r);
        }
    }

    @Override
    public void onInputClosed(Conn conn) {
        Record r = enter(conn, "onInputClosed");
        try {
            delegate.onInputClosed(conn);
        } finally {
            exit(r);
        }
    }

    /** Not checked for overlap: a handler's own conn.close() may run onClose inside its call. */
    @Override
    public void onClose(Conn conn, Throwable cause) {
        Record r = conns.get(conn.id());
        if (r == null) {
            violations.add("onClose of connection " + conn.id() + " before onOpen");
            return;
        }
        r.cause = cause;
        r.closed = true;
        if (r.closes.incrementAndGet() > 1) {
            violations.add("onClose of connection " + conn.id() + " called " + r.closes.get() + " times");
        }
        closes.incrementAndGet();
        delegate.onClose(conn, cause);
    }

    private Record enter(Conn conn, String call) {
        Record r = conns.get(conn.id());
        if (r == null) {
            violations.add(call + " of connection " + conn.id() + " before onOpen");
            return null;
        }
        if (r.closed) {
            violations.add(call + " of connection " + conn.id() + " after onClose");
        }
        if (!r.inCall.compareAndSet(false, true)) {
            violations.add(call + " of connection " + conn.id() + " while another call on it was running");
            return null;
        }
        return r;
    }

    private static void exit(Record r) {
        if (r != null) {
            r.inCall.set(false);
        }
    }

    int opens() {
        return conns.size();
    }

    /** onClose calls so far, all connections. */
    int closes() {
        return closes.get();
    }

    /** onClose calls for connection {@code id} (0 if unknown). */
    int closesOf(long id) {
        Record r = conns.get(id);
        return r == null ? 0 : r.closes.get();
    }

    Throwable causeOf(long id) {
        Record r = conns.get(id);
        return r == null ? null : r.cause;
    }

    java.util.Set<Long> ids() {
        return conns.keySet();
    }

    /** The id of the opened connection whose peer (the test's client) has local port {@code port}. */
    long idOfClientPort(int port) {
        Long id = idByPeerPort.get(port);
        if (id == null) {
            throw new AssertionError("no connection from client port " + port + " was opened (or its remoteAddress() was null)");
        }
        return id;
    }

    long maxPending() {
        return maxPending.get();
    }

    List<String> violations() {
        return List.copyOf(violations);
    }
}
