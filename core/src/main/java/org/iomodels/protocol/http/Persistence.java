package org.iomodels.protocol.http;

/** What happens to the connection after a response (RFC 9112 §9.3), and the Connection header that says so. */
enum Persistence {
    /** HTTP/1.1's default: no header needed. */
    KEEP_ALIVE(null),
    /** An HTTP/1.0 client that asked for keep-alive must see it granted, or it waits for the close. */
    KEEP_ALIVE_HTTP10("Connection: keep-alive"),
    CLOSE("Connection: close");

    private final String header;

    Persistence(String header) {
        this.header = header;
    }

    static Persistence of(HttpRequest r) {
        return !r.keepAlive() ? CLOSE : r.minorVersion() == 0 ? KEEP_ALIVE_HTTP10 : KEEP_ALIVE;
    }

    /** Appends the Connection header, if any. */
    void header(Out out) {
        if (header != null) {
            out.ascii(header).crlf();
        }
    }
}
