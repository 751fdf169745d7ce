package org.iomodels.process;

import java.io.IOException;
import java.io.Serial;
import java.lang.foreign.ValueLayout;

/**
 * Python's {@code multiprocessing.Array}: a fixed-length array of ints, longs, doubles or bytes in
 * shared memory, with a {@link Lock} of its own ({@link #getLock}) for updates that must not
 * interleave. An index out of range, or a type other than it was made with, is an error.
 */
public final class Array extends SharedObject {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long TYPE = 8;
    private static final long LENGTH = 12;
    private static final long DATA = 64;

    private Array(char type, int length, int width) throws IOException {
        super("array", DATA + (long) length * width);
        if (length < 0) {
            throw new IllegalArgumentException("an array's length must be 0 or more, not " + length);
        }
        setInt(TYPE, type);
        setInt(LENGTH, length);
    }

    public static Array ofInts(int length) throws IOException {
        return new Array('i', length, 4);
    }

    public static Array ofLongs(int length) throws IOException {
        return new Array('l', length, 8);
    }

    public static Array ofDoubles(int length) throws IOException {
        return new Array('d', length, 8);
    }

    public static Array ofBytes(int length) throws IOException {
        return new Array('b', length, 1);
    }

    public int length() {
        return getInt(LENGTH);
    }

    public Lock getLock() {
        return new Lock(block);
    }

    public int getInt(int i) {
        return memory().get(ValueLayout.JAVA_INT, at('i', i, 4));
    }

    public void setInt(int i, int v) {
        memory().set(ValueLayout.JAVA_INT, at('i', i, 4), v);
    }

    public long getLong(int i) {
        return memory().get(ValueLayout.JAVA_LONG, at('l', i, 8));
    }

    public void setLong(int i, long v) {
        memory().set(ValueLayout.JAVA_LONG, at('l', i, 8), v);
    }

    public double getDouble(int i) {
        return memory().get(ValueLayout.JAVA_DOUBLE, at('d', i, 8));
    }

    public void setDouble(int i, double v) {
        memory().set(ValueLayout.JAVA_DOUBLE, at('d', i, 8), v);
    }

    public byte getByte(int i) {
        return memory().get(ValueLayout.JAVA_BYTE, at('b', i, 1));
    }

    public void setByte(int i, byte v) {
        memory().set(ValueLayout.JAVA_BYTE, at('b', i, 1), v);
    }

    private long at(char type, int i, int width) {
        char t = (char) getInt(TYPE);
        if (t != type) {
            throw new IllegalStateException("this Array holds '" + t + "' items, not '" + type + "'");
        }
        java.util.Objects.checkIndex(i, length());
        return DATA + (long) i * width;
    }
}
