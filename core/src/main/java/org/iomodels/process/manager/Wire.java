package org.iomodels.process.manager;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.iomodels.process.JavaCodec;

/**
 * What a manager connection carries. A request is an operation, an object's id, a method's name
 * and its arguments; a reply is a status and a value. A value is a tag and its bytes: null,
 * booleans, ints, longs, doubles, strings and byte arrays as they are (a dict set of an int key
 * and value is 30 bytes), a proxy of this same manager as its id and type, anything else as
 * Java serialization read back through {@link JavaCodec}'s allow-list. The reading side turns a
 * proxy's reference into what it needs: the server keeps it as a {@link Token} (what its
 * containers hold); a client makes a proxy of it.
 */
final class Wire {
    static final byte CALL = 1;
    static final byte CREATE = 2;
    static final byte SHUTDOWN = 3;
    static final byte OK = 0;
    static final byte ERROR = 1;

    private static final byte NULL = 0;
    private static final byte INT = 1;
    private static final byte LONG = 2;
    private static final byte DOUBLE = 3;
    private static final byte TRUE = 4;
    private static final byte FALSE = 5;
    private static final byte STRING = 6;
    private static final byte BYTES = 7;
    private static final byte REF = 8;
    private static final byte OBJECT = 9;

    private Wire() {}

    /** Builds one frame: 4 bytes kept for its length, then what is put. Reused by its connection. */
    static final class Writer {
        private ByteBuffer b = ByteBuffer.allocate(4 << 10);

        Writer begin() {
            if (b.capacity() > 1 << 20) {
                b = ByteBuffer.allocate(4 << 10); // a huge message's buffer is not kept
            }
            b.clear().position(4);
            return this;
        }

        ByteBuffer frame() {
            return b;
        }

        Writer put(byte v) {
            room(1).put(v);
            return this;
        }

        Writer putInt(int v) {
            room(4).putInt(v);
            return this;
        }

        Writer putLong(long v) {
            room(8).putLong(v);
            return this;
        }

        Writer putString(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            room(4 + utf8.length).putInt(utf8.length).put(utf8);
            return this;
        }

        /** A value: a proxy of the manager {@code local} names (null: none) goes as its id, anything else by its tag. */
        Writer value(Object v, Token.Home local) throws IOException {
            switch (v) {
                case null -> put(NULL);
                case Integer i -> room(5).put(INT).putInt(i);
                case Long l -> room(9).put(LONG).putLong(l);
                case Double d -> room(9).put(DOUBLE).putDouble(d);
                case Boolean z -> put(z ? TRUE : FALSE);
                case String s -> put(STRING).putString(s);
                case byte[] bytes -> room(5 + bytes.length).put(BYTES).putInt(bytes.length).put(bytes);
                default -> {
                    Token t = v instanceof Token token ? token : Token.of(v);
                    if (t != null && local != null && t.home().equals(local)) {
                        put(REF).putLong(t.id()).putString(t.typeId());
                    } else {
                        byte[] bytes = JavaCodec.DEFAULT.encode(v);
                        room(5 + bytes.length).put(OBJECT).putInt(bytes.length).put(bytes);
                    }
                }
            }
            return this;
        }

        private ByteBuffer room(int n) {
            if (b.remaining() < n) {
                int need = b.position() + n;
                if (need - 4 > FrameChannel.MAX_FRAME) {
                    throw new IllegalArgumentException("a manager message of " + (need - 4) + " bytes is over the limit of "
                            + FrameChannel.MAX_FRAME + " bytes");
                }
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(need, b.capacity() * 2));
                b.flip();
                bigger.put(b);
                b = bigger;
            }
            return b;
        }
    }

    static String getString(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("a malformed manager message: a string of " + n + " bytes where " + b.remaining() + " remain");
        }
        String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }

    /** Reads a value; a proxy's reference becomes {@code refs.resolve(id, typeId)}. */
    static Object value(ByteBuffer b, Refs refs) throws IOException {
        byte tag = b.get();
        return switch (tag) {
            case NULL -> null;
            case INT -> b.getInt();
            case LONG -> b.getLong();
            case DOUBLE -> b.getDouble();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case STRING -> getString(b);
            case BYTES -> bytes(b);
            case REF -> refs.resolve(b.getLong(), getString(b));
            case OBJECT -> JavaCodec.DEFAULT.decode(bytes(b));
            default -> throw new IOException("a malformed manager message: value tag " + tag);
        };
    }

    private static byte[] bytes(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("a malformed manager message: " + n + " bytes where " + b.remaining() + " remain");
        }
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    /** What a proxy's reference is turned into on the reading side. */
    interface Refs {
        Object resolve(long id, String typeId) throws IOException;
    }
}
