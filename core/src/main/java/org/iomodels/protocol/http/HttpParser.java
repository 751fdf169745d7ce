package org.iomodels.protocol.http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An incremental, strict HTTP/1.1 request parser (RFC 9112): feed it bytes as they arrive, in
 * any splits, and it yields one request at a time, leaving the bytes of the next pipelined
 * request in the buffer. Memory is bounded by the limits of {@link HttpConfig}: the head by
 * maxUri + maxHeaderBytes, the body by maxBody. After an {@link HttpException} the parser is
 * spent: the connection must be answered and closed.
 *
 * <p>Lines must end in CRLF: a bare CR, a bare LF or a NUL anywhere in the head is refused as
 * soon as it is seen, not when the head is complete.
 */
public final class HttpParser {
    /** What {@link #advance} found. */
    public enum Step {
        /** More bytes are needed. */
        NEED_MORE,
        /** The head of a request with a body is parsed; the body follows (time to answer 100 Continue). */
        HEAD,
        /** A whole request is parsed: {@link #request()}. */
        REQUEST
    }

    private enum State { HEAD, BODY, DONE, FAILED }

    private final HttpConfig config;
    private final HeadParser heads;
    /** Made on the first chunked body: its 4 KiB line buffer is not kept by every connection. */
    private ChunkedBody chunks;
    private final HttpRequest request = new HttpRequest();
    private State state = State.HEAD;
    private byte[] head = new byte[0];
    private int headLength;
    private boolean lastWasCr;
    private int lineStart;
    private int lines;
    private int requestLineLength;
    private long bodyRemaining;

    public HttpParser(HttpConfig config) {
        this.config = config;
        this.heads = new HeadParser(config);
    }

    /** Consumes bytes of {@code in} up to the end of the next request (or all of them) and says what it found. */
    public Step advance(ByteBuffer in) throws HttpException {
        try {
            return switch (state) {
                case DONE -> {
                    reset();
                    yield advance(in);
                }
                case HEAD -> scanHead(in) ? headDone(in) : Step.NEED_MORE;
                case BODY -> body(in);
                case FAILED -> throw new IllegalStateException("the parser failed; the connection must be closed");
            };
        } catch (HttpException e) {
            state = State.FAILED;
            throw e;
        }
    }

    /** The request of the last {@link Step#REQUEST} (or the head of the last {@link Step#HEAD}). */
    public HttpRequest request() {
        return request;
    }

    /** True while part of a request has been received but not all of it. */
    public boolean inRequest() {
        return state == State.BODY || (state == State.HEAD && (headLength > 0 || lastWasCr));
    }

    private void reset() {
        state = State.HEAD;
        headLength = 0;
        lineStart = 0;
        lines = 0;
        lastWasCr = false;
    }

    /**
     * Copies head bytes up to and including the empty line ending the head; true once it is in.
     * Every check is made at the byte that breaks it, so how the stream was split never changes
     * which refusal a client gets.
     */
    private boolean scanHead(ByteBuffer in) throws HttpException {
        int from = in.position();
        int limit = in.limit();
        int i = from;
        boolean complete = false;
        while (i < limit && !complete) {
            byte b = in.get(i++);
            if (headLength + (i - from) > maxHeadLength()) {
                throw overLimit();
            }
            if (lastWasCr) {
                if (b != '\n') {
                    throw new HttpException(400, "bare CR in the request head");
                }
                lastWasCr = false;
                int lineLength = headLength + (i - from) - 2 - lineStart;
                if (lineLength == 0 && lines == 0) {
                    // RFC 9112 §2.2: an empty line before the request line is ignored.
                    from = i;
                    headLength = 0;
                    continue;
                }
                complete = lineLength == 0;
                lineStart = headLength + (i - from);
                if (++lines == 1) {
                    requestLineLength = lineStart;
                } else if (!complete && lines - 1 > config.maxHeaderCount()) {
                    throw new HttpException(431, "more than " + config.maxHeaderCount() + " header fields");
                }
            } else if (b == '\r') {
                lastWasCr = true;
            } else if (b == '\n') {
                throw new HttpException(400, "bare LF in the request head (lines end with CRLF)");
            } else if (b == 0) {
                throw new HttpException(400, "NUL byte in the request head");
            }
        }
        append(in, from, i);
        in.position(i);
        return complete;
    }

    /** The longest the head may be now: the request line's bound until it ends, then the header section's. */
    private int maxHeadLength() {
        // Method and version take at most a few dozen bytes beside the target.
        return lines == 0 ? config.maxUri() + 64 : requestLineLength + config.maxHeaderBytes() + 2;
    }

    private HttpException overLimit() {
        return lines == 0
                ? new HttpException(414, "request line over " + (config.maxUri() + 64) + " bytes (the target limit is "
                        + config.maxUri() + ")")
                : new HttpException(431, "header section over " + config.maxHeaderBytes() + " bytes");
    }

    private void append(ByteBuffer in, int from, int to) {
        int n = to - from;
        if (headLength + n > head.length) {
            head = Arrays.copyOf(head, Math.max(headLength + n, Math.max(256, head.length * 2)));
        }
        in.get(from, head, headLength, n);
        headLength += n;
    }

    private Step headDone(ByteBuffer in) throws HttpException {
        heads.parse(head, headLength, request);
        if (request.chunked) {
            if (chunks == null) {
                chunks = new ChunkedBody(config);
            }
            chunks.start(request);
            state = State.BODY;
            return Step.HEAD;
        }
        if (request.contentLength > 0) {
            bodyRemaining = request.contentLength;
            // Grown as bytes arrive, not sized by the claim: a head promising 1 MiB costs nothing until it is sent.
            request.body = new byte[(int) Math.min(request.contentLength, 4096)];
            state = State.BODY;
            return Step.HEAD;
        }
        state = State.DONE;
        return Step.REQUEST;
    }

    private Step body(ByteBuffer in) throws HttpException {
        boolean complete;
        if (request.chunked) {
            complete = chunks.feed(in);
        } else {
            int n = (int) Math.min(bodyRemaining, in.remaining());
            if (request.bodyLength + n > request.body.length) {
                request.body = Arrays.copyOf(request.body, (int) Math.min(request.contentLength,
                        Math.max(request.bodyLength + n, 2L * request.body.length)));
            }
            in.get(request.body, request.bodyLength, n);
            request.bodyLength += n;
            bodyRemaining -= n;
            complete = bodyRemaining == 0;
        }
        if (!complete) {
            return Step.NEED_MORE;
        }
        state = State.DONE;
        return Step.REQUEST;
    }
}
