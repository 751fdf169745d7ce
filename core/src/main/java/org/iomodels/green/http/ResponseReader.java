package org.iomodels.green.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.iomodels.green.GreenSocket;

/**
 * Reads one HTTP/1.x response from a cooperative socket: the status line, the headers (at most
 * {@link #MAX_HEAD} bytes), and the body framed by {@code Transfer-Encoding: chunked},
 * {@code Content-Length}, or the end of the connection, never more than {@code maxBody} bytes.
 * Anything malformed is an {@link IOException} saying what and from where.
 */
final class ResponseReader {
    static final int MAX_HEAD = 64 << 10;

    /** The head of a response. */
    record Head(int status, String reason, boolean http11, Map<String, List<String>> headers) {
        String first(String name) {
            List<String> v = headers.get(name);
            return v == null ? null : v.getFirst();
        }
    }

    private final GreenSocket socket;
    private final String from;
    private final ByteBuffer buf = ByteBuffer.allocate(16 << 10).flip();

    ResponseReader(GreenSocket socket, String from) {
        this.socket = socket;
        this.from = from;
    }

    /** Whether any byte of a response came (a kept-alive connection the server had dropped sends none). */
    boolean receivedAny;

    Head head() throws IOException {
        String status = line(true);
        // HTTP/1.1 200 OK
        if (!status.matches("HTTP/1\\.[01] [0-9]{3}( .*)?")) {
            throw new IOException("bad status line from " + from + ": '" + printable(status) + "'");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        String reason = status.length() > 13 ? status.substring(13) : "";
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int size = status.length();
        for (String h; !(h = line(false)).isEmpty(); ) {
            size += h.length() + 2;
            if (size > MAX_HEAD) {
                throw new IOException("the response head from " + from + " is over " + MAX_HEAD + " bytes");
            }
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bad header line from " + from + ": '" + printable(h) + "'");
            }
            headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.substring(colon + 1).trim());
        }
        return new Head(code, reason, status.startsWith("HTTP/1.1"), headers);
    }

    /** The body as the head frames it; {@code none} for HEAD, 1xx, 204 and 304. Returns whether the connection can be kept. */
    boolean body(Head head, boolean none, long maxBody, ByteArrayOutputStream out) throws IOException {
        List<String> codings = head.headers().get("transfer-encoding");
        String te = codings == null ? null : String.join(",", codings).toLowerCase(Locale.ROOT);
        String cl = head.first("content-length");
        boolean keep = keepAlive(head) && !(te != null && cl != null); // both framings given: do not trust the rest
        if (none) {
            return keep;
        }
        if (te != null) {
            if (!te.trim().endsWith("chunked")) {
                closeDelimited(maxBody, out); // a coding that is not chunked last: the body ends with the connection
                return false;
            }
            chunked(maxBody, out);
            return keep && !buf.hasRemaining();
        }
        if (cl != null) {
            List<String> all = head.headers().get("content-length");
            if (all.stream().distinct().count() > 1 || !cl.matches("[0-9]{1,18}")) {
                throw new IOException("bad Content-Length from " + from + ": " + all);
            }
            long n = Long.parseLong(cl);
            if (n > maxBody) {
                throw new BodyTooLargeException("the body from " + from + " is " + n + " bytes, over the cap of " + maxBody);
            }
            copy(n, out);
            return keep && !buf.hasRemaining(); // bytes past the body: the stream is out of step, not reused
        }
        closeDelimited(maxBody, out);
        return false;
    }

    private void closeDelimited(long maxBody, ByteArrayOutputStream out) throws IOException {
        for (;;) {
            if (!buf.hasRemaining() && !fill()) {
                return;
            }
            if (out.size() + buf.remaining() > maxBody) {
                throw new BodyTooLargeException("the body from " + from + " is over the cap of " + maxBody + " bytes");
            }
            out.write(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
            buf.position(buf.limit());
        }
    }

    private void chunked(long maxBody, ByteArrayOutputStream out) throws IOException {
        for (;;) {
            String sizeLine = line(false);
            int semi = sizeLine.indexOf(';');
            String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
            if (!hex.matches("[0-9a-fA-F]{1,15}")) {
                throw new IOException("bad chunk size from " + from + ": '" + printable(sizeLine) + "'");
            }
            long n = Long.parseLong(hex, 16);
            if (n == 0) {
                while (!line(false).isEmpty()) {
                    // trailers: read and dropped
                }
                return;
            }
            if (out.size() + n > maxBody) {
                throw new BodyTooLargeException("the body from " + from + " is over the cap of " + maxBody + " bytes");
            }
            copy(n, out);
            if (!line(false).isEmpty()) {
                throw new IOException("a chunk from " + from + " is not followed by CRLF");
            }
        }
    }

    private void copy(long n, ByteArrayOutputStream out) throws IOException {
        while (n > 0) {
            if (!buf.hasRemaining() && !fill()) {
                throw new EOFException("the connection to " + from + " closed " + n + " bytes before the end of the body");
            }
            int take = (int) Math.min(n, buf.remaining());
            out.write(buf.array(), buf.arrayOffset() + buf.position(), take);
            buf.position(buf.position() + take);
            n -= take;
        }
    }

    /** A line without its CRLF (a bare LF is accepted); {@code first}: the status line. */
    private String line(boolean first) throws IOException {
        StringBuilder s = new StringBuilder();
        for (;;) {
            if (!buf.hasRemaining() && !fill()) {
                throw new EOFException("the connection to " + from + " closed in the middle of the response head");
            }
            byte b = buf.get();
            if (b == '\n') {
                int len = s.length();
                return len > 0 && s.charAt(len - 1) == '\r' ? s.substring(0, len - 1) : s.toString();
            }
            if (s.length() >= MAX_HEAD) {
                throw new IOException("a line from " + from + " is over " + MAX_HEAD + " bytes");
            }
            s.append((char) (b & 0xff));
        }
    }

    private boolean fill() throws IOException {
        buf.compact();
        int n = socket.recvInto(buf);
        buf.flip();
        receivedAny |= n > 0;
        return n > 0;
    }

    private static boolean keepAlive(Head head) {
        List<String> c = head.headers().get("connection");
        String v = c == null ? "" : String.join(",", c).toLowerCase(Locale.ROOT);
        return head.http11() ? !v.contains("close") : v.contains("keep-alive");
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return new String(t.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.US_ASCII).replaceAll("[^\\x20-\\x7e]", "?");
    }
}
