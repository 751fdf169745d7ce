package org.iomodels.protocol.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Status lines, the headers every response carries (RFC 9110 §6.6.1 Date, §10.2.4 Server), and HTTP dates. */
final class Responses {
    static final String SERVER = "iomodels";
    /** IMF-fixdate, RFC 9110 §5.6.7: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final byte[] OK_START = ("HTTP/1.1 200 OK\r\nServer: " + SERVER + "\r\n").getBytes(StandardCharsets.US_ASCII);
    static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static volatile DateLine dateLine = new DateLine(0, new byte[0]);

    /** The Date header line of this second, CRLF included; formatted once a second, not once a response. */
    private record DateLine(long second, byte[] line) {}

    private Responses() {}

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 206 -> "Partial Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + status;
        };
    }

    /** Status line, Server and Date; the caller adds its own headers and the empty line. */
    static void start(Out out, int status) {
        if (status == 200) {
            out.bytes(OK_START); // the common case, encoded once
        } else {
            out.ascii("HTTP/1.1 ").number(status).ascii(" ").ascii(reason(status)).crlf().ascii("Server: " + SERVER).crlf();
        }
        out.bytes(dateLine());
    }

    /** {@code Date: ...\r\n} for the current second. */
    static byte[] dateLine() {
        long second = System.currentTimeMillis() / 1000;
        DateLine d = dateLine;
        if (d.second != second) {
            String line = "Date: " + HTTP_DATE.format(Instant.ofEpochSecond(second)) + "\r\n";
            d = new DateLine(second, line.getBytes(StandardCharsets.US_ASCII));
            dateLine = d;
        }
        return d.line;
    }

    /** A complete response with a text/plain body; {@code persistence} says what becomes of the connection. */
    static void text(Out out, int status, String body, Persistence persistence, boolean head) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        start(out, status);
        out.ascii("Content-Type: text/plain; charset=utf-8").crlf().ascii("Content-Length: ").number(bytes.length).crlf();
        persistence.header(out);
        out.crlf();
        if (!head) {
            out.bytes(bytes);
        }
    }

    /** The answer to a refused request: the status, the reason in the body, and close. */
    static void error(Out out, HttpException e) {
        text(out, e.status(), e.status() + " " + reason(e.status()) + ": " + e.getMessage() + "\n", Persistence.CLOSE, false);
    }
}
