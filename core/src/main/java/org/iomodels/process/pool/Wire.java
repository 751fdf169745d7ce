package org.iomodels.process.pool;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.iomodels.process.ChildError;
import org.iomodels.process.JavaCodec;

/**
 * How a pool's chunks and answers cross, the hot path of a map of tiny tasks: a few header fields
 * and the values as plain arrays when they are all ints, longs, doubles or strings (a chunk of
 * 25,000 ints is 100 KB of ints, not a serialization stream of 25,000 Integer objects), else one
 * serialization stream of the values. Everything else ({@link Messages.Fn}, {@link Messages.Stop},
 * {@link Messages.Dying}) crosses as {@link JavaCodec#TRUSTED} encodes it.
 */
final class Wire {
    // Above JavaCodec's own tags (1-6) and below a serialization stream's first byte (0xAC).
    private static final byte CHUNK = 20;
    private static final byte DONE = 21;
    private static final byte OBJECTS = 0;
    private static final byte INTS = 1;
    private static final byte LONGS = 2;
    private static final byte DOUBLES = 3;
    private static final byte STRINGS = 4;
    private static final int CHUNK_HEADER = 1 + 8 + 4 + 1 + 4; // kind, id, fnId, arity, rows
    private static final int DONE_HEADER = 1 + 8 + 4; // kind, id, errors' length

    private Wire() {}

    static byte[] encode(Object message) throws IOException {
        if (message instanceof Messages.Chunk c) {
            Encoded v = values(c.args());
            ByteBuffer b = ByteBuffer.allocate(CHUNK_HEADER + v.size()); // exact: the array is the message
            b.put(CHUNK).putLong(c.id()).putInt(c.fnId()).put((byte) c.arity()).putInt(c.rows());
            return v.into(b);
        }
        if (message instanceof Messages.Done d) {
            Encoded v = values(d.values());
            byte[] errors = d.errors() == null ? new byte[0] : JavaCodec.TRUSTED.encode(d.errors());
            ByteBuffer b = ByteBuffer.allocate(DONE_HEADER + errors.length + v.size());
            b.put(DONE).putLong(d.id()).putInt(errors.length).put(errors);
            return v.into(b);
        }
        return JavaCodec.TRUSTED.encode(message);
    }

    static Object decode(byte[] bytes) throws IOException {
        if (bytes.length == 0 || (bytes[0] != CHUNK && bytes[0] != DONE)) {
            return JavaCodec.TRUSTED.decode(bytes);
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            if (bytes[0] == CHUNK) {
                long id = b.getLong();
                int fnId = b.getInt();
                int arity = b.get();
                int rows = b.getInt();
                return new Messages.Chunk(id, fnId, arity, rows, values(b));
            }
            long id = b.getLong();
            byte[] e = new byte[b.getInt()];
            b.get(e);
            ChildError[] errors = e.length == 0 ? null : (ChildError[]) JavaCodec.TRUSTED.decode(e);
            return new Messages.Done(id, values(b), errors);
        } catch (BufferUnderflowException | ClassCastException | NegativeArraySizeException e) {
            throw new IOException("a pool message cut short or malformed: " + e, e);
        }
    }

    /**
     * Values ready to be put in a buffer: the kind, and the bytes a stream of objects or strings
     * needs. The numbers are written (and read, in {@link #values(ByteBuffer)}) byte by byte into
     * the array, not through {@code ByteBuffer.putInt}: until C2 has compiled them, a buffer's
     * accessors are calls several layers deep (under C1 alone a map of 200,000 took 18-49 ms with
     * these loops, 32-63 ms with the buffer's).
     */
    private record Encoded(byte kind, Object[] values, byte[][] strings, byte[] objects, int size) {
        byte[] into(ByteBuffer b) {
            b.put(kind).putInt(values.length);
            byte[] a = b.array();
            int at = b.position();
            switch (kind) {
                case INTS -> {
                    for (Object o : values) {
                        at = putInt(a, at, (Integer) o);
                    }
                    b.position(at);
                }
                case LONGS -> {
                    for (Object o : values) {
                        at = putLong(a, at, (Long) o);
                    }
                    b.position(at);
                }
                case DOUBLES -> {
                    for (Object o : values) {
                        at = putLong(a, at, Double.doubleToRawLongBits((Double) o));
                    }
                    b.position(at);
                }
                case STRINGS -> {
                    for (byte[] s : strings) {
                        b.putInt(s.length).put(s);
                    }
                }
                default -> b.putInt(objects.length).put(objects);
            }
            if (b.hasRemaining()) {
                throw new IllegalStateException("a pool message of " + b.position() + " bytes where " + b.capacity() + " were counted");
            }
            return b.array();
        }
    }

    private static Encoded values(Object[] v) throws IOException {
        byte kind = kind(v);
        int n = v.length;
        return switch (kind) {
            case INTS -> new Encoded(kind, v, null, null, 5 + 4 * n);
            case LONGS, DOUBLES -> new Encoded(kind, v, null, null, 5 + 8 * n);
            case STRINGS -> {
                byte[][] s = new byte[n][];
                int size = 5;
                for (int i = 0; i < n; i++) {
                    s[i] = ((String) v[i]).getBytes(StandardCharsets.UTF_8);
                    size += 4 + s[i].length;
                }
                yield new Encoded(kind, v, s, null, size);
            }
            default -> {
                byte[] o = JavaCodec.TRUSTED.encode(v);
                yield new Encoded(kind, v, null, o, 9 + o.length);
            }
        };
    }

    private static Object[] values(ByteBuffer b) throws IOException {
        byte kind = b.get();
        int n = b.getInt();
        if (kind == OBJECTS) {
            byte[] o = new byte[b.getInt()];
            b.get(o);
            return (Object[]) JavaCodec.TRUSTED.decode(o);
        }
        Object[] v = new Object[n];
        int width = kind == INTS ? 4 : kind == LONGS || kind == DOUBLES ? 8 : 0;
        if (width == 0) {
            for (int i = 0; i < n; i++) {
                byte[] s = new byte[b.getInt()];
                b.get(s);
                v[i] = new String(s, StandardCharsets.UTF_8);
            }
            return v;
        }
        if ((long) n * width > b.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] a = b.array();
        int at = b.arrayOffset() + b.position();
        switch (kind) {
            case INTS -> {
                for (int i = 0; i < n; i++, at += 4) {
                    v[i] = getInt(a, at);
                }
            }
            case LONGS -> {
                for (int i = 0; i < n; i++, at += 8) {
                    v[i] = getLong(a, at);
                }
            }
            default -> {
                for (int i = 0; i < n; i++, at += 8) {
                    v[i] = Double.longBitsToDouble(getLong(a, at));
                }
            }
        }
        b.position(at - b.arrayOffset());
        return v;
    }

    private static int putInt(byte[] a, int at, int v) {
        a[at] = (byte) (v >>> 24);
        a[at + 1] = (byte) (v >>> 16);
        a[at + 2] = (byte) (v >>> 8);
        a[at + 3] = (byte) v;
        return at + 4;
    }

    private static int putLong(byte[] a, int at, long v) {
        putInt(a, at, (int) (v >>> 32));
        return putInt(a, at + 4, (int) v);
    }

    private static int getInt(byte[] a, int at) {
        return (a[at] & 0xFF) << 24 | (a[at + 1] & 0xFF) << 16 | (a[at + 2] & 0xFF) << 8 | (a[at + 3] & 0xFF);
    }

    private static long getLong(byte[] a, int at) {
        return (long) getInt(a, at) << 32 | (getInt(a, at + 4) & 0xFFFFFFFFL);
    }

    /** INTS, LONGS, DOUBLES or STRINGS when every value is one (and none is null), else OBJECTS. */
    private static byte kind(Object[] v) {
        if (v.length == 0) {
            return INTS;
        }
        Class<?> c = v[0] == null ? null : v[0].getClass();
        byte kind = c == Integer.class ? INTS : c == Long.class ? LONGS : c == Double.class ? DOUBLES : c == String.class ? STRINGS : OBJECTS;
        if (kind == OBJECTS) {
            return OBJECTS;
        }
        for (Object o : v) {
            if (o == null || o.getClass() != c) {
                return OBJECTS;
            }
        }
        return kind;
    }
}
