package org.iomodels.process.pool;

import java.util.Arrays;
import java.util.List;
import org.iomodels.process.ChildError;

/** A map: its parts' values put in place; the first error fails it at once, as Python's map. Called on the result thread, or on reader threads when it has no callbacks. */
final class MapCall<R> implements Call {
    private final AsyncResult<List<R>> result;
    private final Object[] values;
    private final int chunksize;
    private int remaining;

    MapCall(AsyncResult<List<R>> result, int rows, int chunksize, int parts) {
        this.result = result;
        this.values = new Object[rows];
        this.chunksize = chunksize;
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
        System.arraycopy(got, 0, values, part * chunksize, got.length);
        if (--remaining == 0) {
            result.complete((List<R>) Arrays.asList(values));
        }
    }

    @Override
    public synchronized void failed(int part, Throwable error) {
        result.fail(error);
    }
}
