package org.iomodels.process.pool;

import org.iomodels.process.ChildError;

/** An apply: one part of one row. */
final class ApplyCall<R> implements Call {
    private final AsyncResult<R> result;

    ApplyCall(AsyncResult<R> result) {
        this.result = result;
    }

    @Override
    public boolean inline() {
        return !result.hasCallbacks();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void done(int part, Object[] values, ChildError[] errors) {
        if (errors != null && errors[0] != null) {
            result.fail(errors[0]);
        } else {
            result.complete((R) values[0]);
        }
    }

    @Override
    public void failed(int part, Throwable error) {
        result.fail(error);
    }
}
