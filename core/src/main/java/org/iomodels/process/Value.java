package org.iomodels.process;

import java.io.IOException;
import java.io.Serial;

/**
 * Python's {@code multiprocessing.Value}: one number in shared memory, an {@code int}, a
 * {@code long} or a {@code double}, with a {@link Lock} of its own ({@link #getLock}) for updates
 * that read and write ({@code v.value += 1} in Python); {@link #addInt}/{@link #addLong} are atomic
 * without it. Reading it as another type than it was made is an error naming both.
 */
public final class Value extends SharedObject {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long TYPE = 8;
    private static final long DATA = 16;
    private static final int INT = 'i';
    private static final int LONG = 'l';
    private static final int DOUBLE = 'd';

    private Value(int type) throws IOException {
        super("value", 64);
        setInt(TYPE, type);
    }

    public static Value ofInt(int initial) throws IOException {
        Value v = new Value(INT);
        v.setInt(initial);
        return v;
    }

    public static Value ofLong(long initial) throws IOException {
        Value v = new Value(LONG);
        v.setLong(initial);
        return v;
    }

    public static Value ofDouble(double initial) throws IOException {
        Value v = new Value(DOUBLE);
        v.setDouble(initial);
        return v;
    }

    /** The value's own lock, for read-modify-write updates across processes. */
    public Lock getLock() {
        return new Lock(block);
    }

    public int getInt() {
        type(INT);
        return (int) FutexLock.INT.getVolatile(memory(), DATA);
    }

    public void setInt(int v) {
        type(INT);
        FutexLock.INT.setVolatile(memory(), DATA, v);
    }

    /** Adds {@code delta} atomically; the new value. */
    public int addInt(int delta) {
        type(INT);
        return (int) FutexLock.INT.getAndAdd(memory(), DATA, delta) + delta;
    }

    public long getLong() {
        type(LONG);
        return (long) FutexLock.LONG.getVolatile(memory(), DATA);
    }

    public void setLong(long v) {
        type(LONG);
        FutexLock.LONG.setVolatile(memory(), DATA, v);
    }

    public long addLong(long delta) {
        type(LONG);
        return (long) FutexLock.LONG.getAndAdd(memory(), DATA, delta) + delta;
    }

    public double getDouble() {
        type(DOUBLE);
        return Double.longBitsToDouble((long) FutexLock.LONG.getVolatile(memory(), DATA));
    }

    public void setDouble(double v) {
        type(DOUBLE);
        FutexLock.LONG.setVolatile(memory(), DATA, Double.doubleToRawLongBits(v));
    }

    private void type(int wanted) {
        int t = getInt(TYPE);
        if (t != wanted) {
            throw new IllegalStateException("this Value holds a" + (t == INT ? "n int" : t == LONG ? " long" : " double")
                    + ", not a" + (wanted == INT ? "n int" : wanted == LONG ? " long" : " double"));
        }
    }
}
