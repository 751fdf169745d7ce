package org.iomodels.process.manager;

import java.io.Serial;
import java.io.Serializable;

/**
 * Python's {@code BaseProxy}: a reference to an object a {@link Manager} holds. Its methods are
 * calls to the manager (a round trip each, on this thread's connection); it can be given to a
 * child process, to a Pool's task, put in a process {@code Queue} or in another of the manager's
 * objects, and it names the same object there. A call whose manager is gone fails with
 * {@link ManagerException}; what the object's method threw is raised again here.
 */
public abstract class BaseProxy implements Serializable, Ref.Proxied, org.iomodels.process.Decodable {
    @Serial
    private static final long serialVersionUID = 1L;
    final transient Ref ref;

    BaseProxy(Ref ref) {
        this.ref = ref;
    }

    @Override
    public final Ref ref() {
        return ref;
    }

    /** The type the manager knows this object by ({@code lock}, {@code queue}, a registered type id...). */
    public final String typeId() {
        return ref.token.typeId();
    }

    /** A proxy crosses as its {@link Token}: a stream that holds a proxy itself was not written by a proxy. */
    @Serial
    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("a manager's proxy crosses as its token, never as itself");
    }

    @Serial
    final Object writeReplace() {
        return ref.token;
    }

    @Override
    public String toString() {
        return ref.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BaseProxy p && p.ref.token.equals(ref.token);
    }

    @Override
    public int hashCode() {
        return ref.token.hashCode();
    }
}
