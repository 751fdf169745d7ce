package org.iomodels.process.manager;

/** An object a manager holds for its proxies: a method called by name with its arguments, on the caller's session. */
interface Servant {
    Object call(String method, Object[] args, Session caller) throws Exception;

    /** The type id its proxies are made for ({@code dict}, {@code queue}, a registered type's...). */
    String typeId();

    static IllegalArgumentException noMethod(String typeId, String method, int args) {
        return new IllegalArgumentException("a " + typeId + " has no method " + method + " of " + args + " argument" + (args == 1 ? "" : "s"));
    }

    static int index(Object o) {
        if (!(o instanceof Integer i)) {
            throw new IllegalArgumentException("an index is an int, not " + (o == null ? "null" : o.getClass().getName()));
        }
        return i;
    }

    static double seconds(Object o) {
        if (!(o instanceof Number n)) {
            throw new IllegalArgumentException("a timeout is seconds (a number), not " + o);
        }
        return n.doubleValue();
    }
}
