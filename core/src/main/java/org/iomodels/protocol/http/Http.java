package org.iomodels.protocol.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.iomodels.server.Conn;
import org.iomodels.server.Handler;
import org.iomodels.server.Server;
import org.iomodels.sys.SyscallCounters;

/**
 * HTTP/1.1 on the {@link Handler} contract (RFC 9110, 9112), the same on every engine: keep-alive,
 * HTTP/1.0 persistence, pipelining, Content-Length and chunked bodies, 100-continue, strict parsing
 * ({@link HttpParser}), a deadline per request ({@link HeaderTimer}) and static files sent with
 * zero copy ({@link StaticFiles}).
 *
 * <p>Routes: {@code GET /plaintext} ({@code Hello, World!}), {@code GET /json}
 * ({@code {"message":"Hello, World!"}}), {@code GET /stats} (the server's live counters as
 * JSON), {@code POST /echo} (the request body back), and with a root directory every file under
 * it. A request the parser refuses gets its status and the reason in the body, then its
 * connection closes (with a lingering close: {@link HttpConnection}); a well-framed request whose
 * target is refused (400 for a path out of the root, 403, 404, 405, 416) is answered and its
 * connection goes on. Every other connection goes on either way.
 */
public final class Http implements Handler, AutoCloseable {
    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");
    private static final byte[] PLAINTEXT = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON = "{\"message\":\"Hello, World!\"}".getBytes(StandardCharsets.US_ASCII);

    private final HttpConfig config;
    private final StaticFiles files;
    private final HeaderTimer timer;
    private final LongAdder requests = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private volatile Server server;

    public Http(HttpConfig config) throws IOException {
        this.config = config;
        this.files = config.root() == null ? null : new StaticFiles(config.root());
        this.timer = new HeaderTimer(config.headerTimeout().toNanos());
    }

    /** The server whose counters {@code GET /stats} shows. */
    public void statsFrom(Server server) {
        this.server = server;
    }

    /** Requests answered so far (refused ones not included). */
    public long requests() {
        return requests.sum();
    }

    /** Requests refused (4xx/5xx from the parser, and 408s) so far. */
    public long refused() {
        return refused.sum();
    }

    void countRefused() {
        refused.increment();
    }

    @Override
    public void onOpen(Conn conn) {
        HttpConnection c = new HttpConnection(this, conn, config);
        conn.attach(c);
        timer.add(c);
    }

    @Override
    public void onData(Conn conn, ByteBuffer data) {
        ((HttpConnection) conn.attachment()).onData(data);
    }

    @Override
    public void onInputClosed(Conn conn) {
        ((HttpConnection) conn.attachment()).onInputClosed();
    }

    @Override
    public void onClose(Conn conn, Throwable cause) {
        HttpConnection c = (HttpConnection) conn.attachment();
        if (c != null) {
            c.closed();
            timer.remove(c);
        }
    }

    /** Answers one whole request into {@code out} (a file body goes to {@code conn} behind it). */
    void respond(HttpRequest r, Conn conn, Out out, Persistence persistence) {
        requests.increment();
        try {
            route(r, conn, out, persistence);
        } catch (HttpException e) {
            Responses.start(out, e.status());
            if (e instanceof StaticFiles.RangeException range) {
                out.ascii("Content-Range: bytes */").number(range.size).crlf();
            }
            if (e.status() == 405) {
                out.ascii("Allow: ").ascii(r.path().equals("/echo") ? "POST" : "GET, HEAD").crlf();
            }
            String body = e.status() + " " + Responses.reason(e.status()) + ": " + e.getMessage() + "\n";
            fixed(out, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), persistence, r.method().equals("HEAD"));
        }
    }

    private void route(HttpRequest r, Conn conn, Out out, Persistence persistence) throws HttpException {
        String method = r.method();
        if (!KNOWN_METHODS.contains(method)) {
            throw new HttpException(501, "method " + method + " is not implemented");
        }
        String path = r.path();
        if (path.equals("/echo")) {
            if (!method.equals("POST")) {
                throw new HttpException(405, "/echo takes POST");
            }
            Responses.start(out, 200);
            String type = r.header("content-type");
            fixed(out, type == null ? "application/octet-stream" : type, r.bodyArray(), r.bodyLength(), persistence, false);
            return;
        }
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            throw new HttpException(405, method + " is not allowed on " + path);
        }
        switch (path) {
            case "/plaintext" -> ok(out, "text/plain", PLAINTEXT, persistence, head);
            case "/json" -> ok(out, "application/json", JSON, persistence, head);
            case "/stats" -> ok(out, "application/json", stats().getBytes(StandardCharsets.US_ASCII), persistence, head);
            default -> {
                if (files == null) {
                    throw new HttpException(404, "no route " + path + " (and no --root for files)");
                }
                files.serve(r, conn, out, persistence);
            }
        }
    }

    private static void ok(Out out, String type, byte[] body, Persistence persistence, boolean head) {
        Responses.start(out, 200);
        fixed(out, type, body, persistence, head);
    }

    private static void fixed(Out out, String type, byte[] body, Persistence persistence, boolean head) {
        fixed(out, type, body, body.length, persistence, head);
    }

    /** Content-Type, Content-Length, maybe Connection: persistence, the empty line and the body (not for HEAD). */
    private static void fixed(Out out, String type, byte[] body, int length, Persistence persistence, boolean head) {
        out.ascii("Content-Type: ").ascii(type).crlf().ascii("Content-Length: ").number(length).crlf();
        persistence.header(out);
        out.crlf();
        if (!head) {
            out.bytes(body, 0, length);
        }
    }

    private String stats() {
        StringBuilder json = new StringBuilder(256).append('{');
        Server s = server;
        if (s != null) {
            var c = s.stats();
            SyscallCounters.Snapshot k = s.counters();
            json.append(String.format(Locale.ROOT, "\"model\":\"%s\",\"accepted\":%d,\"refused_connections\":%d,\"open\":%d,"
                            + "\"messages\":%d,\"bytes_in\":%d,\"bytes_out\":%d,\"syscalls\":%d,\"syscalls_per_message\":%.3f,",
                    s.model(), c.accepted(), c.refused(), c.open(), k.messages(), k.bytesIn(), k.bytesOut(),
                    k.totalCalls(), k.perMessage()));
            for (SyscallCounters.Kind kind : SyscallCounters.Kind.values()) {
                json.append('"').append(kind.name().toLowerCase(Locale.ROOT)).append("\":").append(k.calls(kind)).append(',');
            }
        }
        return json.append("\"requests\":").append(requests.sum()).append(",\"refused_requests\":")
                .append(refused.sum()).append('}').toString();
    }

    @Override
    public void close() {
        timer.close();
    }
}
