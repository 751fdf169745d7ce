package org.iomodels.process.manager;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import org.iomodels.process.ChildError;

/**
 * One client connection inside the manager, served by a thread of its own (as Python's manager
 * serves each connection): it reads a request, calls the object, writes the reply. A wait made on
 * a client's behalf (a lock, a queue's get, an event) waits in slices and, between them, looks
 * whether the client is still there: a client gone while waiting takes nothing (no item is taken
 * from a queue for a dead reader), and the locks it held are let go when its connection ends.
 */
final class Session implements Runnable {
    /** How often a long wait looks whether its client has gone. */
    private static final long SLICE_NANOS = 100_000_000L;

    private final Server server;
    final FrameChannel ch;
    private final Wire.Writer out = new Wire.Writer();
    private final Set<Holdable> holding = java.util.concurrent.ConcurrentHashMap.newKeySet(); // another session may release a Lock

    Session(Server server, FrameChannel ch) {
        this.server = server;
        this.ch = ch;
    }

    /** Something a session may hold (a lock): let go when the session ends. */
    interface Holdable {
        void releaseAll(Session s);
    }

    /** Waits for an attempt to succeed, in slices, at most {@code timeoutSeconds} (negative: no limit). */
    boolean await(double timeoutSeconds, Attempt attempt) throws Exception {
        long deadline = timeoutSeconds < 0 ? Long.MAX_VALUE : System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (true) {
            long left = deadline == Long.MAX_VALUE ? SLICE_NANOS : deadline - System.nanoTime();
            if (attempt.attempt(Math.max(0, Math.min(SLICE_NANOS, left)))) {
                return true;
            }
            if (deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0) {
                return false;
            }
            if (ch.peerClosed()) {
                throw new ClientGone();
            }
        }
    }

    /** One try of a wait, for at most {@code nanos}: true if it got what it waited for. */
    interface Attempt {
        boolean attempt(long nanos) throws Exception;
    }

    /** The client went away during a wait: the session ends without taking anything. */
    static final class ClientGone extends RuntimeException {
        ClientGone() {
            super("the client has gone", null, false, false);
        }
    }

    void holds(Holdable h) {
        holding.add(h);
    }

    void released(Holdable h) {
        holding.remove(h);
    }

    @Override
    public void run() {
        Server.markServerThread();
        try {
            server.handshaking.incrementAndGet();
            java.util.concurrent.ScheduledFuture<?> deadline = server.timer.schedule(ch::close, Server.HANDSHAKE_SECONDS,
                    java.util.concurrent.TimeUnit.SECONDS); // a client that does not finish the handshake in time is closed
            boolean in;
            try {
                in = Auth.server(ch, server.home.authKey);
            } finally {
                deadline.cancel(false);
                server.handshaking.decrementAndGet();
            }
            if (!in) {
                return;
            }
            while (true) {
                ByteBuffer request = ch.receive();
                if (!serve(request)) {
                    return;
                }
            }
        } catch (IOException | ClientGone e) {
            // the client closed or went away: its session ends here
        } catch (RuntimeException e) {
            System.err.println("iomodels manager: a session ended on " + e); // a malformed request: this connection only
        } finally {
            for (Holdable h : holding.toArray(Holdable[]::new)) {
                h.releaseAll(this);
            }
            ch.close();
            server.ended(this);
        }
    }

    /** Serves one request; false once the manager is to stop. */
    private boolean serve(ByteBuffer request) throws IOException {
        byte op = request.get();
        long id = request.getLong();
        String method = Wire.getString(request);
        Object result;
        boolean ok = true;
        try {
            int argc = request.get() & 0xFF;
            Object[] args = new Object[argc];
            for (int i = 0; i < argc; i++) {
                args[i] = Wire.value(request, server::token);
            }
            result = switch (op) {
                case Wire.CALL -> server.servant(id).call(method, args, this);
                case Wire.CREATE -> server.create(method, args);
                case Wire.SHUTDOWN -> null;
                default -> throw new IllegalArgumentException("no manager operation " + op);
            };
        } catch (ClientGone e) {
            throw e;
        } catch (Throwable t) {
            ok = false;
            result = ChildError.of(t instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : t);
        }
        reply(ok, result);
        if (op == Wire.SHUTDOWN) {
            server.stop();
            return false;
        }
        return true;
    }

    private void reply(boolean ok, Object result) throws IOException {
        ByteBuffer frame;
        try {
            frame = out.begin().put(ok ? Wire.OK : Wire.ERROR).value(result, server.home).frame();
        } catch (IOException | RuntimeException e) {
            frame = out.begin().put(Wire.ERROR).value(ChildError.of(new IllegalArgumentException(
                    "the result cannot cross back from the manager: " + e, e)), server.home).frame();
        }
        ch.send(frame);
    }
}
