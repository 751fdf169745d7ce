package org.iomodels.protocol.http;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.iomodels.server.Conn;

/**
 * One HTTP connection: its parser, the responses gathered per read, and its deadline. Requests
 * are answered in the order they arrive, each response appended behind the previous one, so
 * pipelined requests get their responses in order whatever the engine.
 */
final class HttpConnection {
    /** No deadline: the loop thread is handling data, or the connection is closing. */
    private static final long NONE = Long.MIN_VALUE;
    /** The timer has answered this connection; data arriving now is ignored. */
    private static final long FIRED = Long.MIN_VALUE + 1;

    private final Http http;
    private final Conn conn;
    private final HttpParser parser;
    private final Out out = new Out();
    private final long timeoutNanos;
    private final AtomicLong deadline = new AtomicLong(NONE);
    /** What an expired deadline means: true, a request is late (408); false, an idle keep-alive (close). */
    private volatile boolean awaitingRequest = true;
    private long requestStart;
    private boolean closing;

    HttpConnection(Http http, Conn conn, HttpConfig config) {
        this.http = http;
        this.conn = conn;
        this.parser = new HttpParser(config);
        this.timeoutNanos = config.headerTimeout().toNanos();
        this.requestStart = System.nanoTime(); // a new connection owes its first request within the timeout
        deadline.set(requestStart + timeoutNanos);
    }

    void onData(ByteBuffer data) {
        long d = deadline.get();
        if (d == FIRED || !deadline.compareAndSet(d, NONE)) {
            return; // the timer answered 408 and is closing the connection
        }
        if (closing) {
            return; // a refused or last request was answered; the rest is not read
        }
        long now = System.nanoTime(); // one clock read per read, however many requests it holds
        if (!parser.inRequest()) {
            requestStart = now;
        }
        handle(data, now);
        out.flushTo(conn);
        if (closing) {
            conn.close();
        } else {
            rearm(now);
        }
    }

    private void handle(ByteBuffer data, long now) {
        while (!closing) {
            HttpParser.Step step;
            try {
                step = parser.advance(data);
            } catch (HttpException e) {
                http.countRefused();
                Responses.error(out, e);
                closing = true;
                return;
            }
            if (step == HttpParser.Step.NEED_MORE) {
                return;
            }
            HttpRequest r = parser.request();
            if (step == HttpParser.Step.HEAD) {
                if (r.expectsContinue() && !data.hasRemaining()) {
                    out.bytes(Responses.CONTINUE); // RFC 9110 §10.1.1: the client waits for this before its body
                }
                continue;
            }
            Persistence persistence = Persistence.of(r);
            closing = persistence == Persistence.CLOSE;
            http.respond(r, conn, out, persistence);
            if (data.hasRemaining()) {
                requestStart = now; // the next pipelined request started in this same read
            }
        }
    }

    /** After a read: a partial request keeps the deadline of its first byte; between requests the idle clock starts. */
    private void rearm(long now) {
        boolean inRequest = parser.inRequest();
        awaitingRequest = inRequest;
        deadline.set((inRequest ? requestStart : now) + timeoutNanos);
    }

    /** Timer thread: fires the deadline if it is set and past; true if it fired. */
    boolean expireIfDue(long now) {
        long d = deadline.get();
        if (d == NONE || d == FIRED || now - d < 0 || !deadline.compareAndSet(d, FIRED)) {
            return false;
        }
        if (awaitingRequest) {
            http.countRefused();
            Out timeout = new Out();
            Responses.error(timeout, new HttpException(408, "the request was not received within "
                    + timeoutNanos / 1_000_000 + " ms"));
            // A thread-per-connection engine's write blocks while the peer does not read: never on the timer thread.
            Thread.startVirtualThread(() -> {
                timeout.flushTo(conn);
                conn.close();
            });
        } else {
            conn.close();
        }
        return true;
    }

    void closed() {
        deadline.set(FIRED);
    }
}
