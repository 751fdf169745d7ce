package org.iomodels.protocol.http;

import java.nio.charset.StandardCharsets;

/**
 * Parses a complete request head (request line and field lines, each ending in CRLF, bare CR and
 * LF already refused by the scanner) into an {@link HttpRequest}, by RFC 9112 §3 and §5, then
 * applies the framing rules of §6 that stop request smuggling.
 */
final class HeadParser {
    private final HttpConfig config;

    HeadParser(HttpConfig config) {
        this.config = config;
    }

    /** Parses {@code head[0, length)}, the head including its final empty line. */
    void parse(byte[] head, int length, HttpRequest request) throws HttpException {
        request.reset(head);
        int lineEnd = lineEnd(head, 0);
        requestLine(head, lineEnd, request);
        int pos = lineEnd + 2;
        while (pos < length - 2) {
            int end = lineEnd(head, pos);
            field(head, pos, end, request);
            pos = end + 2;
        }
        Framing.apply(request, config);
    }

    private static int lineEnd(byte[] head, int from) {
        int i = from;
        while (head[i] != '\r') {
            i++;
        }
        return i;
    }

    private void requestLine(byte[] b, int end, HttpRequest request) throws HttpException {
        int i = 0;
        while (i < end && Ascii.isToken(b[i])) {
            i++;
        }
        if (i == 0 || i == end || b[i] != ' ') {
            throw new HttpException(400, i == 0 ? "the request line does not start with a method"
                    : "malformed request line: expected one space after the method, got " + Ascii.show(b[i]));
        }
        request.method = method(b, i);
        int targetStart = ++i;
        while (i < end && b[i] != ' ') {
            if (!Ascii.isTarget(b[i])) {
                throw new HttpException(400, "character " + Ascii.show(b[i]) + " is not allowed in a request target");
            }
            i++;
        }
        int targetLength = i - targetStart;
        if (targetLength > config.maxUri()) {
            throw new HttpException(414, "request target of " + targetLength + " bytes is over the limit of "
                    + config.maxUri());
        }
        if (targetLength == 0 || i == end) {
            throw new HttpException(400, targetLength == 0 ? "malformed request line: empty request target"
                    : "malformed request line: no HTTP version after the target");
        }
        checkPercentEncoding(b, targetStart, i);
        request.target = new String(b, targetStart, targetLength, StandardCharsets.US_ASCII);
        checkTargetForm(request);
        request.minorVersion = version(b, i + 1, end);
    }

    private static String method(byte[] b, int length) {
        if (length == 3 && b[0] == 'G' && b[1] == 'E' && b[2] == 'T') {
            return "GET"; // the common case without an allocation
        }
        return new String(b, 0, length, StandardCharsets.US_ASCII);
    }

    private static void checkPercentEncoding(byte[] b, int from, int to) throws HttpException {
        for (int i = from; i < to; i++) {
            if (b[i] == '%' && (i + 2 >= to || Ascii.hexValue(b[i + 1]) < 0 || Ascii.hexValue(b[i + 2]) < 0)) {
                throw new HttpException(400, "malformed percent-encoding in the request target at byte "
                        + (i - from));
            }
        }
    }

    /** RFC 9112 §3.2: origin-form, absolute-form, authority-form (CONNECT) or asterisk-form (OPTIONS). */
    private static void checkTargetForm(HttpRequest request) throws HttpException {
        String t = request.target;
        if (t.charAt(0) == '/') {
            return;
        }
        if (t.equals("*")) {
            if (!request.method.equals("OPTIONS")) {
                throw new HttpException(400, "the target '*' is only for OPTIONS");
            }
            return;
        }
        String lower = t.length() > 8 ? t.substring(0, 8).toLowerCase(java.util.Locale.ROOT) : t.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || request.method.equals("CONNECT")) {
            return;
        }
        throw new HttpException(400, "the request target must start with '/' or be an absolute http(s) URI");
    }

    private static int version(byte[] b, int from, int end) throws HttpException {
        int length = end - from;
        if (length != 8 || b[from] != 'H' || b[from + 1] != 'T' || b[from + 2] != 'T' || b[from + 3] != 'P'
                || b[from + 4] != '/' || !digit(b[from + 5]) || b[from + 6] != '.' || !digit(b[from + 7])) {
            throw new HttpException(400, "malformed HTTP version '"
                    + new String(b, from, Math.min(length, 32), StandardCharsets.ISO_8859_1) + "'");
        }
        int major = b[from + 5] - '0';
        int minor = b[from + 7] - '0';
        if (major != 1) {
            throw new HttpException(505, "HTTP/" + major + "." + minor + " is not supported; this server speaks HTTP/1.1");
        }
        return minor == 0 ? 0 : 1; // RFC 9110 §2.5: a later 1.x is answered as the highest 1.x we speak
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static void field(byte[] b, int start, int end, HttpRequest request) throws HttpException {
        if (b[start] == ' ' || b[start] == '\t') {
            throw new HttpException(400, "obs-fold: a header line starts with whitespace (line folding is not allowed)");
        }
        int i = start;
        while (i < end && Ascii.isToken(b[i])) {
            i++;
        }
        if (i == end || b[i] != ':') {
            String name = new String(b, start, Math.min(i - start, 64), StandardCharsets.ISO_8859_1);
            if (i < end && (b[i] == ' ' || b[i] == '\t')) {
                throw new HttpException(400, "whitespace before the colon in header field '" + name + "'");
            }
            throw new HttpException(400, i == end ? "header line '" + name + "' has no colon"
                    : "character " + Ascii.show(b[i]) + " is not allowed in a header name");
        }
        if (i == start) {
            throw new HttpException(400, "empty header name");
        }
        int nameEnd = i++;
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        int valueStart = i;
        int valueEnd = i;
        for (; i < end; i++) {
            if (!Ascii.isFieldValue(b[i])) {
                throw new HttpException(400, "character " + Ascii.show(b[i]) + " is not allowed in the value of '"
                        + new String(b, start, nameEnd - start, StandardCharsets.ISO_8859_1) + "'");
            }
            if (b[i] != ' ' && b[i] != '\t') {
                valueEnd = i + 1;
            }
        }
        request.addField(start, nameEnd, valueStart, valueEnd);
    }
}
