package org.iomodels.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parser against RFC 9112: what it accepts, what it refuses with which status, in any split. */
class HttpParserTest {
    private static final HttpConfig CONFIG = HttpConfig.defaults();

    /** What parsing {@code text} gave: the requests as "METHOD target version body", or the refusal. */
    record Outcome(List<String> requests, HttpException error) {}

    static Outcome parse(String text, HttpConfig config, int split, long seed) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        HttpParser parser = new HttpParser(config);
        List<String> requests = new ArrayList<>();
        Random random = new Random(seed);
        int offset = 0;
        try {
            while (offset < bytes.length) {
                int n = split <= 0 ? bytes.length - offset : Math.min(bytes.length - offset, 1 + random.nextInt(split));
                ByteBuffer in = ByteBuffer.wrap(bytes, offset, n);
                while (true) {
                    HttpParser.Step step = parser.advance(in);
                    if (step == HttpParser.Step.REQUEST) {
                        HttpRequest r = parser.request();
                        requests.add(r.method() + " " + r.target() + " " + r.version() + " "
                                + new String(r.bodyArray(), 0, r.bodyLength(), StandardCharsets.ISO_8859_1));
                    } else if (step == HttpParser.Step.NEED_MORE) {
                        break;
                    }
                }
                assertFalse(in.hasRemaining(), "NEED_MORE with bytes left");
                offset += n;
            }
        } catch (HttpException e) {
            return new Outcome(requests, e);
        }
        return new Outcome(requests, null);
    }

    /** Parses whole, byte by byte and in random splits, and checks all three agree. */
    static Outcome parseAllWays(String text) {
        Outcome whole = parse(text, CONFIG, 0, 0);
        for (int split : new int[] {1, 7, 64}) {
            Outcome other = parse(text, CONFIG, split, split);
            assertEquals(whole.requests(), other.requests(), "split " + split);
            assertEquals(whole.error() == null ? null : whole.error().status(),
                    other.error() == null ? null : other.error().status(), "split " + split);
        }
        return whole;
    }

    static int refusal(String text) {
        Outcome o = parseAllWays(text);
        assertTrue(o.error() != null, "expected a refusal of " + text.replace("\r", "\\r").replace("\n", "\\n"));
        return o.error().status();
    }

    @Test
    void parsesKeepAliveAndPipelinedRequests() {
        Outcome o = parseAllWays("GET /a?x=1 HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
                + "\r\nGET /b HTTP/1.0\r\n\r\n");
        assertNull(o.error());
        assertEquals(List.of("GET /a?x=1 HTTP/1.1 ", "POST /echo HTTP/1.1 hello", "GET /b HTTP/1.0 "), o.requests());
    }

    @Test
    void decodesChunkedBodiesWithExtensionsAndTrailers() {
        Outcome o = parseAllWays("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n"
                + "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertNull(o.error());
        assertEquals(List.of("POST /echo HTTP/1.1 hello 0123456789", "GET / HTTP/1.1 "), o.requests());
    }

    @Test
    void headersAreFoundInAnyCaseWithoutSurroundingWhitespace() throws HttpException {
        HttpParser parser = new HttpParser(CONFIG);
        ByteBuffer in = ByteBuffer.wrap("GET / HTTP/1.1\r\nhOsT: \t example.org \t\r\nConnection: Close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertEquals(HttpParser.Step.REQUEST, parser.advance(in));
        HttpRequest r = parser.request();
        assertEquals("example.org", r.header("Host"));
        assertFalse(r.keepAlive());
        assertEquals(2, r.headerCount());
    }

    @Test
    void httpOneZeroClosesUnlessKeepAliveAndLaterMinorVersionsAreOneOne() throws HttpException {
        assertFalse(single("GET / HTTP/1.0\r\n\r\n").keepAlive());
        assertTrue(single("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive());
        HttpRequest later = single("GET / HTTP/1.9\r\nHost: h\r\n\r\n");
        assertEquals("HTTP/1.1", later.version());
        assertTrue(later.keepAlive());
    }

    @Test
    void expectContinueIsSeenBeforeTheBody() throws HttpException {
        HttpParser parser = new HttpParser(CONFIG);
        ByteBuffer head = ByteBuffer.wrap(("POST /echo HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n"
                + "Content-Length: 3\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(HttpParser.Step.HEAD, parser.advance(head));
        assertTrue(parser.request().expectsContinue());
        assertEquals(HttpParser.Step.NEED_MORE, parser.advance(head));
        assertTrue(parser.inRequest());
        assertEquals(HttpParser.Step.REQUEST, parser.advance(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII))));
        assertFalse(parser.inRequest());
    }

    private static HttpRequest single(String text) throws HttpException {
        HttpParser parser = new HttpParser(CONFIG);
        assertEquals(HttpParser.Step.REQUEST, parser.advance(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII))));
        return parser.request();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "GET  / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1 \\r\\nHost: h\\r\\n\\r\\n | 400",
        "GET /\\r\\n\\r\\n | 400",
        "GET / http/1.1\\r\\nHost: h\\r\\n\\r\\n | 400",
        "GET / HTTP/11\\r\\nHost: h\\r\\n\\r\\n | 400",
        "G(T / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n | 400",
        "\\sGET / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n | 400",
        "GET nothing HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n | 400",
        "GET * HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n | 400",
        "GET /a b HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n | 400",
        "GET /%zz HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n | 400",
        "GET /#frag HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n | 400",
        "GET / HTTP/2.0\\r\\nHost: h\\r\\n\\r\\n | 505",
        "GET / HTTP/0.9\\r\\nHost: h\\r\\n\\r\\n | 505",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\n folded\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost : h\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost\\t: h\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: h\\rX: y\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\nHost: h\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nX: a\\u0000b\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nX: a\\u0001b\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nNoColon\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\n: empty\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n | 400",
        "GET / HTTP/1.1\\r\\nHost: a b\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 3\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 3\\r\\nContent-Length: 4\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 3, 4\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: -1\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: +3\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 0x10\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: \\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 2097152\\r\\n\\r\\n | 413",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 99999999999999999999999\\r\\n\\r\\n | 413",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n | 501",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n | 501",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked, chunked\\r\\n\\r\\n | 400",
        "POST / HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n3\\r\\nabcX | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n3\\nabc\\r\\n | 400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n200001\\r\\n | 413",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nffffffffffffffffffff\\r\\n | 413",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nExpect: something\\r\\nContent-Length: 1\\r\\n\\r\\n | 417",
    })
    void refusesWithTheRightStatus(String request, int status) {
        assertEquals(status, refusal(unescape(request)));
    }

    static String unescape(String s) {
        return s.strip().replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")
                .replace("\\s", " ").replace("\\u0000", "\u0000").replace("\\u0001", "\u0001");
    }

    @Test
    void limitsOnTargetHeadersAndBody() {
        String longTarget = "/" + "a".repeat(8192);
        assertEquals(414, refusal("GET " + longTarget + " HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals(414, refusal("GET " + longTarget + longTarget)); // no line end yet: refused early
        assertNull(parseAllWays("GET /" + "a".repeat(8190) + " HTTP/1.1\r\nHost: h\r\n\r\n").error());
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: h\r\n");
        for (int i = 0; i < 100; i++) {
            many.append("X-").append(i).append(": v\r\n");
        }
        assertEquals(431, refusal(many + "\r\n"));
        String big = "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + "v".repeat(16 << 10) + "\r\n\r\n";
        assertEquals(431, refusal(big));
        assertEquals(431, refusal(big.substring(0, big.length() - 10))); // refused before the head ends
        String chunks = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + ("80000\r\n" + "x".repeat(0x80000) + "\r\n").repeat(3);
        assertEquals(413, refusal(chunks));
    }

    @Test
    void anEmptyLineBeforeARequestIsIgnored() {
        Outcome o = parseAllWays("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertNull(o.error());
        assertEquals(1, o.requests().size());
    }

    @Test
    void aFailedParserStaysFailed() {
        HttpParser parser = new HttpParser(CONFIG);
        HttpException e = assertThrows(HttpException.class,
                () -> parser.advance(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost : h\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
        assertTrue(e.getMessage().contains("whitespace before the colon"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> parser.advance(ByteBuffer.allocate(1)));
    }
}
