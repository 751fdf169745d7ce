package org.iomodels.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Splits a byte stream into UTF-8 text lines ending in {@code \n} (a {@code \r} before it is
 * dropped too), with a bound on a line's length so that a peer that never sends a newline costs
 * at most {@code maxLine + 1} buffered bytes. Not thread-safe: one connection's calls never
 * overlap, which is all a {@link org.iomodels.server.Handler} needs.
 */
final class LineFramer {
    /** What {@link #feed} ended with. */
    enum Result {
        /** Every byte was consumed; a partial line may be buffered. */
        MORE,
        /** The sink asked to stop; the rest of the bytes were left unread. */
        STOPPED,
        /** A line, complete or not, passed the limit. */
        TOO_LONG
    }

    private final int maxLine;
    private byte[] partial = new byte[128];
    private int length;

    /** Lines of at most {@code maxLine} bytes, not counting their {@code \r\n} or {@code \n}. */
    LineFramer(int maxLine) {
        if (maxLine < 1) {
            throw new IllegalArgumentException("maxLine must be at least 1, not " + maxLine);
        }
        this.maxLine = maxLine;
    }

    /**
     * Consumes {@code data}, passing each complete line (decoded as UTF-8, malformed bytes
     * replaced by U+FFFD) to {@code sink}, which returns false to stop at once.
     */
    Result feed(ByteBuffer data, Predicate<String> sink) {
        while (data.hasRemaining()) {
            int start = data.position();
            int newline = indexOfNewline(data, start);
            int end = newline < 0 ? data.limit() : newline;
            // +1: room for the \r of a \r\n whose \n has not arrived yet.
            if (length + (end - start) > maxLine + 1) {
                return Result.TOO_LONG;
            }
            append(data, start, end - start);
            if (newline < 0) {
                data.position(end);
                boolean overByOne = length == maxLine + 1 && partial[length - 1] != '\r';
                return overByOne ? Result.TOO_LONG : Result.MORE;
            }
            data.position(newline + 1);
            String line = takeLine();
            if (line == null) {
                return Result.TOO_LONG;
            }
            if (!sink.test(line)) {
                return Result.STOPPED;
            }
        }
        return Result.MORE;
    }

    /** The buffered partial line (a last line without its newline), or null if there is none. */
    String rest() {
        return length == 0 ? null : takeLine();
    }

    private static int indexOfNewline(ByteBuffer data, int from) {
        for (int i = from; i < data.limit(); i++) {
            if (data.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(ByteBuffer data, int from, int count) {
        if (length + count > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(length + count, Math.min(2 * partial.length, maxLine + 1)));
        }
        data.get(from, partial, length, count);
        length += count;
    }

    /** The buffered line without a trailing \r, emptying the buffer; null if it is too long. */
    private String takeLine() {
        int end = length > 0 && partial[length - 1] == '\r' ? length - 1 : length;
        length = 0;
        return end > maxLine ? null : new String(partial, 0, end, StandardCharsets.UTF_8);
    }
}
