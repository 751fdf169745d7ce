package org.iomodels.protocol.http;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import org.iomodels.server.Conn;

/**
 * Static files under a root: GET and HEAD, a content type by extension, Last-Modified and
 * If-Modified-Since (RFC 9110 §13.1.3), one byte range (§14), and the body sent by
 * {@link Conn#sendFile}, which the engines turn into {@code sendfile(2)} or
 * {@code FileChannel.transferTo}: the file's bytes never pass through this process.
 */
final class StaticFiles {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("csv", "text/csv; charset=utf-8"), Map.entry("xml", "application/xml"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"), Map.entry("pdf", "application/pdf"), Map.entry("wasm", "application/wasm"),
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"), Map.entry("mp3", "audio/mpeg"), Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"), Map.entry("tar", "application/x-tar"));

    private final FilePaths paths;

    StaticFiles(Path root) throws IOException {
        this.paths = new FilePaths(root);
    }

    /** Answers a GET or HEAD for a file: into {@code out}, and the body straight from the file to {@code conn}. */
    void serve(HttpRequest r, Conn conn, Out out, Persistence persistence) throws HttpException {
        FilePaths.Resolved found = paths.resolve(r.path());
        Path file = found.file();
        BasicFileAttributes attrs = found.attrs();
        long size = attrs.size();
        Instant modified = attrs.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
        String lastModified = Responses.HTTP_DATE.format(modified);
        Instant since = HttpDates.parse(r.header("if-modified-since"));
        if (since != null && !modified.isAfter(since)) {
            Responses.start(out, 304);
            out.ascii("Last-Modified: ").ascii(lastModified).crlf();
            end(out, persistence);
            return;
        }
        long[] span = range(r, size, lastModified);
        long start = span == null ? 0 : span[0];
        long length = span == null ? size : span[1] - span[0] + 1;
        Responses.start(out, span == null ? 200 : 206);
        out.ascii("Content-Type: ").ascii(contentType(file)).crlf()
                .ascii("Content-Length: ").number(length).crlf()
                .ascii("Last-Modified: ").ascii(lastModified).crlf()
                .ascii("Accept-Ranges: bytes").crlf();
        if (span != null) {
            out.ascii("Content-Range: bytes ").number(span[0]).ascii("-").number(span[1]).ascii("/").number(size).crlf();
        }
        end(out, persistence);
        if (!r.method().equals("HEAD") && length > 0) {
            out.flushTo(conn); // the head goes first; the file is queued behind it
            try {
                conn.sendFile(file, start, length);
            } catch (IOException e) {
                // Gone between the stat and the open: the head promised bytes that cannot come.
                conn.abort();
            }
        }
    }

    private static void end(Out out, Persistence persistence) {
        persistence.header(out);
        out.crlf();
    }

    /**
     * The one range to send as {first, last}, or null for the whole file. Several ranges, another
     * unit, bad syntax, or an If-Range that no longer matches all mean the whole file (RFC 9110
     * §14.2 lets a server ignore Range); a range starting past the end is a 416.
     */
    static long[] range(HttpRequest r, long size, String lastModified) throws HttpException {
        String value = r.header("range");
        String ifRange = r.header("if-range");
        if (value == null || (ifRange != null && !ifRange.strip().equals(lastModified))) {
            return null;
        }
        value = value.strip();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6) || value.indexOf(',') >= 0) {
            return null;
        }
        String spec = value.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        long first = number(spec.substring(0, dash).strip());
        long last = number(spec.substring(dash + 1).strip());
        if (dash == 0) {
            if (last <= 0) {
                throw unsatisfiable(size, last == 0 ? "a suffix range of 0 bytes" : "a malformed suffix range");
            }
            return size == 0 ? nothing(size) : new long[] {Math.max(0, size - last), size - 1};
        }
        if (first < 0 || (last < 0 && dash + 1 < spec.length()) || (last >= 0 && last < first)) {
            return null;
        }
        if (first >= size) {
            throw unsatisfiable(size, "the range starts at " + first + ", past the end");
        }
        return new long[] {first, last < 0 || last >= size ? size - 1 : last};
    }

    private static long[] nothing(long size) throws HttpException {
        throw unsatisfiable(size, "the file is empty");
    }

    private static HttpException unsatisfiable(long size, String why) {
        return new RangeException(size, why);
    }

    /** A 416 that knows the size, for its Content-Range: bytes * /size. */
    static final class RangeException extends HttpException {
        final long size;

        RangeException(long size, String why) {
            super(416, why + " (the file has " + size + " bytes)");
            this.size = size;
        }
    }

    /** A decimal of at most 18 digits, or -1. */
    private static long number(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(s);
    }

    static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        return type == null ? "application/octet-stream" : type;
    }
}
