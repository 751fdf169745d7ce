package org.iomodels.process.manager;

import java.io.Serial;

/**
 * A proxy of an object of a type the user registered ({@link Manager#register}): Python's
 * {@code AutoProxy}. {@link #call} calls one of the object's public methods by name;
 * {@link #as} gives a view through an interface of the user's, whose methods are called by
 * their names.
 */
public final class Proxy extends BaseProxy {
    @Serial
    private static final long serialVersionUID = 1L;

    Proxy(Ref ref) {
        super(ref);
    }

    /** Calls {@code method} with {@code args} in the manager: its result, or what it threw, raised here. */
    @SuppressWarnings("unchecked")
    public <T> T call(String method, Object... args) {
        return (T) ref.call(method, args);
    }

    /** A view through {@code iface}: each of its methods calls the object's method of that name. */
    public <T> T as(Class<T> iface) {
        if (!iface.isInterface()) {
            throw new IllegalArgumentException(iface.getName() + " is not an interface: a proxy is viewed through one");
        }
        return iface.cast(java.lang.reflect.Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, (p, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "toString" -> toString();
                    case "hashCode" -> hashCode();
                    default -> p == args[0];
                };
            }
            return ref.call(m.getName(), args == null ? new Object[0] : args);
        }));
    }
}
