package org.iomodels.protocol.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of {@link HttpParser} with Jazzer. Under plain {@code ./mvnw test}
 * the seeds in {@code HttpParserFuzzTestInputs/parse} are replayed; the {@code fuzz-http-parser}
 * execution of core's POM then fuzzes for 20 s, and {@code -Pfuzz} for as long as asked.
 *
 * <p>A finding is: any exception but {@link HttpException}; a refusal with a status the parser
 * must not give; a request breaking a limit; or two splits of the same bytes parsing differently
 * (byte-at-a-time versus in pieces): a parser whose result depends on how TCP cut the stream is a
 * smuggling bug. A hang fails through libFuzzer's per-input timeout, unbounded memory through the
 * fuzz JVM's small heap.
 *
 * <p>Input layout: byte 0 picks small or default limits, byte 1 the largest piece fed at once;
 * the rest is what the client sent.
 */
class HttpParserFuzzTest {
    private static final Set<Integer> STATUSES = Set.of(400, 413, 414, 417, 431, 501, 505);
    private static final HttpConfig SMALL = new HttpConfig(null, Duration.ofSeconds(1), 64, 32, 128, 4);

    @FuzzTest(maxDuration = "20s")
    void parse(byte[] data) {
        if (data.length < 2) {
            return;
        }
        HttpConfig config = (data[0] & 1) == 0 ? HttpConfig.defaults() : SMALL;
        int piece = 1 + (data[1] & 0xff);
        Result whole = feed(config, data, data.length);
        Result split = feed(config, data, piece);
        Result single = feed(config, data, 1);
        if (!whole.equals(split) || !whole.equals(single)) {
            throw new AssertionError("the split changed the parse:\n whole  " + whole + "\n by " + piece + "  " + split
                    + "\n by 1  " + single);
        }
    }

    /** Requests parsed, as text, then the refusal status or 0. */
    record Result(List<String> requests, int status) {}

    private static Result feed(HttpConfig config, byte[] data, int piece) {
        HttpParser parser = new HttpParser(config);
        List<String> requests = new ArrayList<>();
        try {
            for (int at = 2; at < data.length; at += piece) {
                ByteBuffer in = ByteBuffer.wrap(data, at, Math.min(piece, data.length - at));
                while (true) {
                    HttpParser.Step step = parser.advance(in);
                    if (step == HttpParser.Step.REQUEST) {
                        requests.add(describe(parser.request(), config));
                    } else if (step == HttpParser.Step.NEED_MORE) {
                        if (in.hasRemaining()) {
                            throw new AssertionError("NEED_MORE with " + in.remaining() + " bytes unread");
                        }
                        break;
                    }
                }
            }
        } catch (HttpException e) {
            if (!STATUSES.contains(e.status()) || e.getMessage() == null || e.getMessage().isEmpty()) {
                throw new AssertionError("refused with " + e.status() + " '" + e.getMessage() + "'");
            }
            return new Result(requests, e.status());
        }
        return new Result(requests, 0);
    }

    private static String describe(HttpRequest r, HttpConfig config) {
        if (r.bodyLength() > config.maxBody() || r.target().length() > config.maxUri()
                || r.headerCount() > config.maxHeaderCount()) {
            throw new AssertionError("a request over the limits: body " + r.bodyLength() + ", target "
                    + r.target().length() + ", fields " + r.headerCount());
        }
        StringBuilder s = new StringBuilder(r.method()).append(' ').append(r.target()).append(' ').append(r.version());
        for (int i = 0; i < r.headerCount(); i++) {
            s.append(" | ").append(r.headerName(i)).append(": ").append(r.headerValue(i));
        }
        s.append(" keepAlive=").append(r.keepAlive()).append(" body=");
        s.append(java.util.HexFormat.of().formatHex(r.bodyArray(), 0, r.bodyLength()));
        return s.toString();
    }
}
