package org.iomodels.process.manager;

import java.io.Serial;

/** Python's {@code ValueProxy}: one value in the manager ({@code v.value} is {@link #get}, {@code v.value = x} is {@link #set}). */
public final class ValueProxy<T> extends BaseProxy {
    @Serial
    private static final long serialVersionUID = 1L;

    ValueProxy(Ref ref) {
        super(ref);
    }

    @SuppressWarnings("unchecked")
    public T get() {
        return (T) ref.call("get");
    }

    public void set(T value) {
        ref.call("set", value);
    }
}
