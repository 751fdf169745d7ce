package org.iomodels.process.manager;

import java.io.Serial;
import java.util.List;

/**
 * Python's {@code ArrayProxy}: a fixed-length array of one numeric type in the manager, by
 * Python's typecodes ({@code b h i l q f d}); a value that does not fit the type is refused.
 */
public final class ArrayProxy extends BaseProxy {
    @Serial
    private static final long serialVersionUID = 1L;

    ArrayProxy(Ref ref) {
        super(ref);
    }

    public Number get(int index) {
        return (Number) ref.call("get", index);
    }

    public void set(int index, Number value) {
        ref.call("set", index, value);
    }

    public int length() {
        return ref.integer("length");
    }

    public String typecode() {
        return (String) ref.call("typecode");
    }

    /** Every item, in one call. */
    @SuppressWarnings("unchecked")
    public List<Number> toList() {
        return (List<Number>) ref.call("toList");
    }

    @Override
    public String toString() {
        return "array('" + typecode() + "', " + toList() + ")";
    }
}
