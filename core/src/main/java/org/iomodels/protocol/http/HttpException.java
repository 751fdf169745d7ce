package org.iomodels.protocol.http;

/**
 * A request the server refuses, with the status it answers and a reason a person can act on
 * ({@code "whitespace before the colon in a header field"}). Every such answer closes the
 * connection: after a framing error the server cannot know where the next request starts
 * (RFC 9112 §11.2, request smuggling), so it reads no further from that peer.
 */
public class HttpException extends Exception {
    private final int status;

    public HttpException(int status, String reason) {
        super(reason, null, false, false); // thrown per bad request: no stack trace to fill
        this.status = status;
    }

    /** The response status: 400, 408, 413, 414, 431, 501, 505, ... */
    public int status() {
        return status;
    }
}
