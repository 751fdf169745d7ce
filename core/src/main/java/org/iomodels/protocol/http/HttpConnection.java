package org.iomodels.protocol.http;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.iomodels.server.Conn;

/**
 * One HTTP connection: its parser, the responses gathered per read, and its deadline. Requests
 * are answered in the order they arrive, each response appended behind the previous one, so
 * pipelined requests get their responses in order whatever the engine.
 *
 * <p>A connection that ends after a response closes the way RFC 9112 §9.6 asks (nginx's
 * {@code lingering_close}): it half-closes, so the response is followed by end of stream, then
 * reads and discards what the client still sends until the client closes too. Closing with the
 * client's bytes unread would make the kernel answer them with a reset, and the client's stack
 * would discard the response before the client read it (a 414 for a 70 KB request line became
 * "connection reset", issue 11). The lingering is bounded: {@link #LINGER_NANOS} in all,
 * {@link #LINGER_QUIET_NANOS} without data, {@link #LINGER_BYTES} discarded.
 */
final class HttpConnection {
    /** No deadline: the loop thread is handling data. */
    private static final long NONE = Long.MIN_VALUE;
    /** The timer has answered this connection; data arriving now is ignored. */
    private static final long FIRED = Long.MIN_VALUE + 1;
    /** The longest a closing connection reads and discards (nginx's lingering_time is 30 s). */
    static final long LINGER_NANOS = 5_000_000_000L;
    /** The longest it waits for more of the client's bytes (nginx's lingering_timeout is 5 s). */
    static final long LINGER_QUIET_NANOS = 1_000_000_000L;
    /** The most it discards before closing anyway. */
    static final long LINGER_BYTES = 1 << 20;
    /** The least a connection's delayed requests may hold ({@link HttpConfig#responseDelay}); see {@link #maxDelayed}. */
    static final long MIN_DELAYED_BYTES = 4 << 20;

    private final Http http;
    private final Conn conn;
    private final HttpParser parser;
    private final Out out = new Out();
    private final long timeoutNanos;
    private final java.time.Duration delay;
    private long delayedBytes;
    /** The most that may wait behind the delay: two of the largest requests allowed, 4 MiB at least; past it the connection is refused. */
    private final long maxDelayed;
    private boolean inputClosed;
    private final AtomicLong deadline = new AtomicLong(NONE);
    /** What an expired deadline means: true, a request is late (408); false, an idle keep-alive (close). */
    private volatile boolean awaitingRequest = true;
    private long requestStart;
    private boolean closing;
    /** Written before the deadline that publishes them (by the loop thread, or the 408's thread). */
    private boolean lingering;
    private long lingerEnd;
    private long discarded;

    HttpConnection(Http http, Conn conn, HttpConfig config) {
        this.http = http;
        this.conn = conn;
        this.parser = new HttpParser(config);
        this.timeoutNanos = config.headerTimeout().toNanos();
        this.delay = config.responseDelay().isZero() ? null : config.responseDelay();
        this.maxDelayed = Math.max(MIN_DELAYED_BYTES, 2 * (config.maxBody() + config.maxHeaderBytes() + config.maxUri()));
        this.requestStart = System.nanoTime(); // a new connection owes its first request within the timeout
        deadline.set(requestStart + timeoutNanos);
    }

    void onData(ByteBuffer data) {
        if (!takeDeadline()) {
            return;
        }
        if (delay != null && !lingering) {
            delayed(data);
            return;
        }
        process(data);
    }

    /** Takes the deadline away while this connection's data is handled; false if the timer answered 408 and is closing it. */
    private boolean takeDeadline() {
        long d = deadline.get();
        return d != FIRED && deadline.compareAndSet(d, NONE);
    }

    /**
     * A slow site: the bytes are handled {@code delay} from now, by a task on the connection's
     * timer, in the order they came. No deadline runs meanwhile (the delay is shorter than it).
     */
    private void delayed(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        delayedBytes += copy.length;
        if (delayedBytes > maxDelayed) {
            http.countRefused();
            conn.abort(); // a client that sends far faster than a slow site answers harms only itself
            return;
        }
        conn.callLater(delay, () -> {
            delayedBytes -= copy.length;
            if (takeDeadline()) {
                process(ByteBuffer.wrap(copy));
            }
            if (delayedBytes == 0 && inputClosed) {
                conn.close(); // the client's end of stream came while its last requests waited: now they are answered
            }
        });
    }

    /** The client sent end of stream: close after what is queued, and after the requests still waiting out the delay. */
    void onInputClosed() {
        inputClosed = true;
        if (delayedBytes == 0) {
            conn.close();
        }
    }

    private void process(ByteBuffer data) {
        long now = System.nanoTime(); // one clock read per read, however many requests it holds
        if (lingering) {
            discard(data, now);
            return;
        }
        if (!parser.inRequest()) {
            requestStart = now;
        }
        handle(data, now);
        out.flushTo(conn);
        if (closing) {
            linger(now, data); // a refused or last request was answered; the rest is not parsed
        } else {
            rearm(now);
        }
    }

    /** The last response is queued: end of stream after it, then discard what the client still sends. */
    private void linger(long now, ByteBuffer unparsed) {
        conn.shutdownOutput();
        lingering = true;
        lingerEnd = now + LINGER_NANOS;
        awaitingRequest = false; // the deadline now means: close quietly
        discard(unparsed, now);
    }

    private void discard(ByteBuffer data, long now) {
        discarded += data.remaining();
        data.position(data.limit());
        if (discarded > LINGER_BYTES || now - lingerEnd >= 0) {
            conn.close(); // enough: what is still unread may now be answered with a reset
            return;
        }
        deadline.set(Math.min(now + LINGER_QUIET_NANOS, lingerEnd));
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

    /** Timer thread: fires the deadline if it is set and past; true if the connection needs the timer no more. */
    boolean expireIfDue(long now) {
        long d = deadline.get();
        if (d == NONE || d == FIRED || now - d < 0 || !deadline.compareAndSet(d, FIRED)) {
            return false;
        }
        if (!awaitingRequest) {
            conn.close(); // an idle keep-alive, or a lingering close that has waited enough
            return true;
        }
        http.countRefused();
        Out timeout = new Out();
        Responses.error(timeout, new HttpException(408, "the request was not received within "
                + timeoutNanos / 1_000_000 + " ms"));
        // A thread-per-connection engine's write blocks while the peer does not read: never on the timer thread.
        Thread.startVirtualThread(() -> {
            timeout.flushTo(conn);
            conn.shutdownOutput();
            lingering = true;
            lingerEnd = System.nanoTime() + LINGER_NANOS;
            awaitingRequest = false;
            deadline.set(Math.min(System.nanoTime() + LINGER_QUIET_NANOS, lingerEnd)); // publishes the three above
        });
        return false; // the timer ends the lingering too
    }

    void closed() {
        deadline.set(FIRED);
    }
}
