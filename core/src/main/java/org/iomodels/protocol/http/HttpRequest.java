package org.iomodels.protocol.http;

import java.nio.charset.StandardCharsets;

/**
 * One parsed request: method, target, version, header fields and body. Fields are kept as
 * offsets into the parser's head buffer and turned into strings only when asked for, so a
 * request costs no allocation per header; a request is therefore valid only until the parser
 * is advanced again.
 */
public final class HttpRequest {
    private static final byte[] EMPTY = new byte[0];

    byte[] head = EMPTY;
    String method = "";
    String target = "";
    /** 0 for HTTP/1.0, 1 for HTTP/1.1 (and any later 1.x, answered as 1.1). */
    int minorVersion = 1;
    /** Per field: name start, name end, value start, value end (value without surrounding whitespace). */
    int[] fields = new int[16 * 4];
    int fieldCount;
    boolean keepAlive;
    boolean expectContinue;
    /** Content-Length, or -1 when there is none. */
    long contentLength = -1;
    boolean chunked;
    byte[] body = EMPTY;
    int bodyLength;

    void reset(byte[] head) {
        this.head = head;
        fieldCount = 0;
        keepAlive = false;
        expectContinue = false;
        contentLength = -1;
        chunked = false;
        body = EMPTY;
        bodyLength = 0;
    }

    void addField(int nameStart, int nameEnd, int valueStart, int valueEnd) {
        int i = fieldCount * 4;
        if (i + 4 > fields.length) {
            fields = java.util.Arrays.copyOf(fields, fields.length * 2);
        }
        fields[i] = nameStart;
        fields[i + 1] = nameEnd;
        fields[i + 2] = valueStart;
        fields[i + 3] = valueEnd;
        fieldCount++;
    }

    public String method() {
        return method;
    }

    /** The request target as sent: {@code /path?query}, an absolute URI, or {@code *}. */
    public String target() {
        return target;
    }

    /** The target's path: without query, and without scheme and authority for an absolute URI. */
    public String path() {
        int start = 0;
        if (!target.startsWith("/")) {
            int scheme = target.indexOf("://");
            if (scheme < 0) {
                return target; // "*"
            }
            start = target.indexOf('/', scheme + 3);
            if (start < 0) {
                return "/";
            }
        }
        int query = target.indexOf('?', start);
        return target.substring(start, query < 0 ? target.length() : query);
    }

    /** "HTTP/1.0" or "HTTP/1.1". */
    public String version() {
        return minorVersion == 0 ? "HTTP/1.0" : "HTTP/1.1";
    }

    public int minorVersion() {
        return minorVersion;
    }

    public int headerCount() {
        return fieldCount;
    }

    public String headerName(int i) {
        return ascii(fields[i * 4], fields[i * 4 + 1]);
    }

    public String headerValue(int i) {
        return latin1(fields[i * 4 + 2], fields[i * 4 + 3]);
    }

    /** The first value of the field named {@code name} (any case), or null. */
    public String header(String name) {
        int i = indexOf(name, 0);
        return i < 0 ? null : headerValue(i);
    }

    /** The index of the first field named {@code name} (any case) at or after {@code from}, or -1. */
    int indexOf(String name, int from) {
        for (int i = from; i < fieldCount; i++) {
            if (nameIs(i, name)) {
                return i;
            }
        }
        return -1;
    }

    boolean nameIs(int i, String name) {
        int start = fields[i * 4];
        int length = fields[i * 4 + 1] - start;
        if (length != name.length()) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (Ascii.lower(head[start + k]) != Ascii.lower((byte) name.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    /** True if the connection stays open after the response (HTTP/1.1 by default, 1.0 with keep-alive). */
    public boolean keepAlive() {
        return keepAlive;
    }

    public boolean expectsContinue() {
        return expectContinue;
    }

    /** True if the request announced a body (Content-Length > 0 or chunked). */
    public boolean hasBody() {
        return chunked || contentLength > 0;
    }

    public int bodyLength() {
        return bodyLength;
    }

    /** The body bytes, {@code [0, bodyLength())}. */
    public byte[] bodyArray() {
        return body;
    }

    private String ascii(int start, int end) {
        return new String(head, start, end - start, StandardCharsets.US_ASCII);
    }

    private String latin1(int start, int end) {
        return new String(head, start, end - start, StandardCharsets.ISO_8859_1);
    }
}
