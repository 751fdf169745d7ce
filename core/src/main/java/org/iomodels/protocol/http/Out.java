package org.iomodels.protocol.http;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.iomodels.server.Conn;

/**
 * The responses of one connection, gathered while one read's requests are answered and handed
 * to {@link Conn#write} in one call: pipelined requests get their responses in one send.
 */
final class Out {
    private byte[] bytes = new byte[256];
    private int length;

    Out ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    Out bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    Out bytes(byte[] b, int offset, int n) {
        ensure(n);
        System.arraycopy(b, offset, bytes, length, n);
        length += n;
        return this;
    }

    /** A non-negative decimal, written in place: no String per Content-Length. */
    Out number(long value) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        ensure(digits);
        length += digits;
        long v = value;
        for (int i = length - 1; i >= length - digits; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return this;
    }

    Out crlf() {
        ensure(2);
        bytes[length++] = '\r';
        bytes[length++] = '\n';
        return this;
    }

    boolean isEmpty() {
        return length == 0;
    }

    /** Writes what was gathered to {@code conn} and starts again. */
    void flushTo(Conn conn) {
        if (length > 0) {
            conn.write(ByteBuffer.wrap(bytes, 0, length));
            length = 0;
            if (bytes.length > 64 << 10) {
                bytes = new byte[256]; // a large body went out; do not keep its buffer per connection
            }
        }
    }

    private void ensure(int n) {
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + n, bytes.length * 2));
        }
    }
}
