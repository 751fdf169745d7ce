package org.iomodels.protocol.http;

/** Character classes of RFC 9110 §5.6 (tokens, field values) and RFC 3986 (request targets), by table. */
final class Ascii {
    private static final boolean[] TOKEN = new boolean[256];
    private static final boolean[] FIELD_VALUE = new boolean[256];
    private static final boolean[] TARGET = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
        // field-value: VCHAR, SP, HTAB and obs-text; never CR, LF, NUL or another control.
        for (int c = 0x21; c <= 0x7e; c++) {
            FIELD_VALUE[c] = true;
        }
        for (int c = 0x80; c <= 0xff; c++) {
            FIELD_VALUE[c] = true;
        }
        FIELD_VALUE[' '] = true;
        FIELD_VALUE['\t'] = true;
        // request-target: visible ASCII except those RFC 3986 never allows unencoded.
        for (int c = 0x21; c <= 0x7e; c++) {
            TARGET[c] = true;
        }
        for (char c : "\"#<>\\^`{|}".toCharArray()) {
            TARGET[c] = false;
        }
    }

    private Ascii() {}

    static boolean isToken(byte b) {
        return TOKEN[b & 0xff];
    }

    static boolean isFieldValue(byte b) {
        return FIELD_VALUE[b & 0xff];
    }

    static boolean isTarget(byte b) {
        return TARGET[b & 0xff];
    }

    static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b & 0xff;
    }

    static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Printable form of a byte for an error message. */
    static String show(byte b) {
        int c = b & 0xff;
        return c >= 0x21 && c <= 0x7e ? "'" + (char) c + "'" : String.format("0x%02X", c);
    }
}
