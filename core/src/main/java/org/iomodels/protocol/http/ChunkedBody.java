package org.iomodels.protocol.http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Decodes a chunked request body (RFC 9112 §7.1): {@code size-in-hex [;ext] CRLF data CRLF}
 * repeated, a zero-size last chunk, trailer fields (checked and dropped), an empty line. The
 * decoded body is kept up to maxBody bytes; one byte more is answered 413.
 */
final class ChunkedBody {
    private static final int MAX_LINE = 4096;

    private enum State { SIZE_LINE, DATA, DATA_CR, DATA_LF, TRAILER_LINE }

    private final HttpConfig config;
    private final byte[] line = new byte[MAX_LINE];
    private HttpRequest request;
    private State state;
    private int lineLength;
    private boolean lastWasCr;
    private long chunkRemaining;
    private int trailerBytes;
    private int trailerCount;

    ChunkedBody(HttpConfig config) {
        this.config = config;
    }

    void start(HttpRequest request) {
        this.request = request;
        request.body = new byte[(int) Math.min(config.maxBody(), 4096)];
        request.bodyLength = 0;
        state = State.SIZE_LINE;
        lineLength = 0;
        lastWasCr = false;
        trailerBytes = 0;
        trailerCount = 0;
    }

    /** Consumes what it can of {@code in}; true once the whole body, trailers included, is in. */
    boolean feed(ByteBuffer in) throws HttpException {
        while (in.hasRemaining()) {
            switch (state) {
                case SIZE_LINE, TRAILER_LINE -> {
                    if (readLine(in) && lineDone()) {
                        return true;
                    }
                }
                case DATA -> data(in);
                case DATA_CR -> expect(in, '\r', State.DATA_LF);
                case DATA_LF -> expect(in, '\n', State.SIZE_LINE);
            }
        }
        return false;
    }

    /** Collects one line into {@link #line}; true when its CRLF has been consumed. */
    private boolean readLine(ByteBuffer in) throws HttpException {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (lastWasCr) {
                if (b != '\n') {
                    throw new HttpException(400, "bare CR in the chunked body framing");
                }
                lastWasCr = false;
                return true;
            }
            if (b == '\r') {
                lastWasCr = true;
            } else if (b == '\n') {
                throw new HttpException(400, "bare LF in the chunked body framing (lines end with CRLF)");
            } else if (lineLength == MAX_LINE) {
                throw new HttpException(400, "chunk size or trailer line over " + MAX_LINE + " bytes");
            } else {
                line[lineLength++] = b;
            }
        }
        return false;
    }

    /** A line is complete: a chunk size, a trailer field or the final empty line. True at the end of the body. */
    private boolean lineDone() throws HttpException {
        int length = lineLength;
        lineLength = 0;
        if (state == State.SIZE_LINE) {
            chunkRemaining = chunkSize(length);
            state = chunkRemaining == 0 ? State.TRAILER_LINE : State.DATA;
            return false;
        }
        if (length == 0) {
            return true;
        }
        trailer(length);
        return false;
    }

    private long chunkSize(int length) throws HttpException {
        int i = 0;
        long size = 0;
        while (i < length && Ascii.hexValue(line[i]) >= 0) {
            size = size * 16 + Ascii.hexValue(line[i++]);
            if (size > config.maxBody()) {
                throw new HttpException(413, "chunked body over the limit of " + config.maxBody() + " bytes");
            }
        }
        if (i == 0) {
            throw new HttpException(400, "malformed chunk size: expected hex digits");
        }
        while (i < length && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        if (i < length && line[i] != ';') {
            throw new HttpException(400, "malformed chunk size: unexpected " + Ascii.show(line[i]));
        }
        for (; i < length; i++) {
            if (!Ascii.isFieldValue(line[i])) {
                throw new HttpException(400, "character " + Ascii.show(line[i]) + " is not allowed in a chunk extension");
            }
        }
        if (request.bodyLength + size > config.maxBody()) {
            throw new HttpException(413, "chunked body over the limit of " + config.maxBody() + " bytes");
        }
        return size;
    }

    private void trailer(int length) throws HttpException {
        trailerBytes += length + 2;
        if (++trailerCount > config.maxHeaderCount() || trailerBytes > config.maxHeaderBytes()) {
            throw new HttpException(431, "trailer section over " + config.maxHeaderCount() + " fields or "
                    + config.maxHeaderBytes() + " bytes");
        }
        int i = 0;
        while (i < length && Ascii.isToken(line[i])) {
            i++;
        }
        if (i == 0 || i == length || line[i] != ':') {
            throw new HttpException(400, "malformed trailer field");
        }
        for (i++; i < length; i++) {
            if (!Ascii.isFieldValue(line[i])) {
                throw new HttpException(400, "character " + Ascii.show(line[i]) + " is not allowed in a trailer field");
            }
        }
    }

    private void data(ByteBuffer in) {
        int n = (int) Math.min(chunkRemaining, in.remaining());
        int needed = request.bodyLength + n;
        if (needed > request.body.length) {
            request.body = Arrays.copyOf(request.body, (int) Math.min(config.maxBody(),
                    Math.max(needed, (long) request.body.length * 2)));
        }
        in.get(request.body, request.bodyLength, n);
        request.bodyLength += n;
        chunkRemaining -= n;
        if (chunkRemaining == 0) {
            state = State.DATA_CR;
        }
    }

    private void expect(ByteBuffer in, char c, State next) throws HttpException {
        byte b = in.get();
        if (b != c) {
            throw new HttpException(400, "chunk data not followed by CRLF (got " + Ascii.show(b) + ")");
        }
        state = next;
    }
}
