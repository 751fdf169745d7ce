package org.iomodels.process.manager;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * An object of a type the user registered ({@code Manager.register(typeId, Class)}), as Python's
 * {@code BaseManager.register} serves one: made by its public constructor that takes the
 * arguments given, its public methods called by name (those of {@code Object} are not: a client
 * may call only what the type itself offers). As in Python, each client's calls run on its own
 * session's thread, at the same time as others': the type must be thread-safe (a method that
 * blocks until another client's call, as a queue's {@code get} does, works).
 */
final class UserServant implements Servant {
    private final String typeId;
    private final Object target;

    private UserServant(String typeId, Object target) {
        this.typeId = typeId;
        this.target = target;
    }

    static UserServant make(String typeId, String className, Object[] args) throws Exception {
        Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : UserServant.class.getClassLoader());
        for (Constructor<?> c : type.getConstructors()) {
            if (fits(c.getParameterTypes(), args)) {
                return new UserServant(typeId, c.newInstance(args));
            }
        }
        throw new IllegalArgumentException("'" + typeId + "' (" + className + ") has no public constructor taking " + describe(args));
    }

    @Override
    public String typeId() {
        return typeId;
    }

    @Override
    public Object call(String m, Object[] a, Session s) throws Exception {
        for (Method method : target.getClass().getMethods()) {
            if (method.getName().equals(m) && method.getDeclaringClass() != Object.class
                    && !Modifier.isStatic(method.getModifiers()) && fits(method.getParameterTypes(), a)) {
                return method.invoke(target, a);
            }
        }
        throw new IllegalArgumentException("'" + typeId + "' (" + target.getClass().getName() + ") has no public method "
                + m + " taking " + describe(a));
    }

    private static boolean fits(Class<?>[] params, Object[] args) {
        if (params.length != args.length) {
            return false;
        }
        for (int i = 0; i < params.length; i++) {
            Class<?> p = params[i].isPrimitive() ? java.lang.invoke.MethodType.methodType(params[i]).wrap().returnType() : params[i];
            if (args[i] == null ? params[i].isPrimitive() : !p.isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Object[] args) {
        if (args.length == 0) {
            return "no arguments";
        }
        StringBuilder b = new StringBuilder("(");
        for (Object a : args) {
            b.append(b.length() > 1 ? ", " : "").append(a == null ? "null" : a.getClass().getSimpleName());
        }
        return b.append(')').toString();
    }
}
