package org.iomodels.protocol.http;

import java.util.Locale;

/**
 * The header rules that decide where a request ends and what the connection does next (RFC 9112
 * §6, §9.3; RFC 9110 §7.2, §10.1.1). Ambiguous framing — Content-Length with Transfer-Encoding,
 * differing Content-Lengths, a length that is not a number — is refused, never guessed: two
 * servers guessing differently is how requests are smuggled past a proxy.
 */
final class Framing {
    private Framing() {}

    static void apply(HttpRequest r, HttpConfig config) throws HttpException {
        host(r);
        long length = contentLength(r);
        boolean chunked = transferEncoding(r);
        if (chunked && length >= 0) {
            throw new HttpException(400, "both Content-Length and Transfer-Encoding (a request smuggling pattern)");
        }
        if (length > config.maxBody()) {
            throw new HttpException(413, "body of " + length + " bytes is over the limit of " + config.maxBody());
        }
        r.contentLength = length;
        r.chunked = chunked;
        r.keepAlive = keepAlive(r);
        r.expectContinue = expectContinue(r);
    }

    private static void host(HttpRequest r) throws HttpException {
        int first = r.indexOf("host", 0);
        if (first < 0) {
            if (r.minorVersion == 1) {
                throw new HttpException(400, "no Host header (HTTP/1.1 requires one)");
            }
            return;
        }
        if (r.indexOf("host", first + 1) >= 0) {
            throw new HttpException(400, "more than one Host header");
        }
        int start = r.fields[first * 4 + 2];
        int end = r.fields[first * 4 + 3];
        for (int i = start; i < end; i++) {
            byte b = r.head[i];
            if (b == ' ' || b == '\t' || b == '/' || b == '@' || (b & 0x80) != 0) {
                throw new HttpException(400, "character " + Ascii.show(b) + " is not allowed in the Host header");
            }
        }
    }

    /** The one Content-Length all fields and list elements agree on, or -1 if there is none. */
    private static long contentLength(HttpRequest r) throws HttpException {
        long length = -1;
        for (int f = r.indexOf("content-length", 0); f >= 0; f = r.indexOf("content-length", f + 1)) {
            for (String element : r.headerValue(f).split(",", -1)) {
                long value = parseLength(element.strip());
                if (length >= 0 && value != length) {
                    throw new HttpException(400, "differing Content-Length values " + length + " and " + value
                            + " (a request smuggling pattern)");
                }
                length = value;
            }
        }
        return length;
    }

    private static long parseLength(String s) throws HttpException {
        if (s.isEmpty()) {
            throw new HttpException(400, "empty Content-Length");
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new HttpException(400, "Content-Length '" + clip(s) + "' is not a non-negative decimal number");
            }
            value = value * 10 + (c - '0');
            if (value > Integer.MAX_VALUE) {
                // Past any body limit; kept from overflowing, the caller answers 413.
                for (int k = i + 1; k < s.length(); k++) {
                    if (s.charAt(k) < '0' || s.charAt(k) > '9') {
                        throw new HttpException(400, "Content-Length '" + clip(s) + "' is not a non-negative decimal number");
                    }
                }
                return Long.MAX_VALUE;
            }
        }
        return value;
    }

    /** True if the body is chunked; refuses every other transfer coding (RFC 9112 §6.1). */
    private static boolean transferEncoding(HttpRequest r) throws HttpException {
        int f = r.indexOf("transfer-encoding", 0);
        if (f < 0) {
            return false;
        }
        if (r.minorVersion == 0) {
            throw new HttpException(400, "Transfer-Encoding in an HTTP/1.0 request");
        }
        boolean chunked = false;
        boolean any = false;
        for (; f >= 0; f = r.indexOf("transfer-encoding", f + 1)) {
            for (String element : r.headerValue(f).split(",", -1)) {
                String coding = element.strip().toLowerCase(Locale.ROOT);
                if (coding.isEmpty()) {
                    continue;
                }
                if (!coding.equals("chunked")) {
                    throw new HttpException(501, "transfer coding '" + clip(coding) + "' is not supported (only chunked)");
                }
                if (chunked) {
                    throw new HttpException(400, "chunked applied twice in Transfer-Encoding");
                }
                chunked = true;
                any = true;
            }
        }
        if (!any) {
            throw new HttpException(400, "empty Transfer-Encoding");
        }
        return true;
    }

    private static boolean keepAlive(HttpRequest r) {
        boolean keepAlive = r.minorVersion == 1;
        for (int f = r.indexOf("connection", 0); f >= 0; f = r.indexOf("connection", f + 1)) {
            for (String token : r.headerValue(f).split(",")) {
                String t = token.strip();
                if (t.equalsIgnoreCase("close")) {
                    return false;
                }
                if (t.equalsIgnoreCase("keep-alive")) {
                    keepAlive = true;
                }
            }
        }
        return keepAlive;
    }

    private static boolean expectContinue(HttpRequest r) throws HttpException {
        int f = r.indexOf("expect", 0);
        if (f < 0 || r.minorVersion == 0) {
            return false; // RFC 9110 §10.1.1: an HTTP/1.0 client's 100-continue is ignored
        }
        String value = r.headerValue(f).strip();
        if (!value.equalsIgnoreCase("100-continue") || r.indexOf("expect", f + 1) >= 0) {
            throw new HttpException(417, "expectation '" + clip(value) + "' is not supported (only 100-continue)");
        }
        return r.hasBody();
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
