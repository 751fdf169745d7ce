package org.iomodels.process.manager;

import java.io.Serial;
import java.util.Map;

/** Python's {@code NamespaceProxy}: named attributes ({@code ns.x = 1} is {@code set("x", 1)}), one call each. */
public final class NamespaceProxy extends BaseProxy {
    @Serial
    private static final long serialVersionUID = 1L;

    NamespaceProxy(Ref ref) {
        super(ref);
    }

    /** The attribute's value; {@link java.util.NoSuchElementException} if it has none (Python's AttributeError). */
    @SuppressWarnings("unchecked")
    public <T> T get(String name) {
        return (T) ref.call("get", name);
    }

    public void set(String name, Object value) {
        ref.call("set", name, value);
    }

    public boolean has(String name) {
        return ref.bool("has", name);
    }

    /** Deletes the attribute; false if it had none. */
    public boolean delete(String name) {
        return ref.bool("delete", name);
    }

    /** Every attribute, in one call. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> copy() {
        return (Map<String, Object>) ref.call("copy");
    }

    @Override
    public String toString() {
        return "Namespace" + copy();
    }
}
