package org.iomodels.process.manager;

import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * Python's {@code ListProxy}, as a {@link List}: {@code get}, {@code set}, {@code add} (Python's
 * {@code append}), {@code add(i, e)} ({@code insert}), {@code remove}, {@code addAll}
 * ({@code extend}), {@code indexOf}, {@code contains}, {@code size}, {@code sort} in natural order
 * and {@link #reverse} are one call each; iteration walks a {@link #copy} taken in one call (what
 * the list held then).
 */
public final class ListProxy<E> extends AbstractList<E> implements Serializable, Ref.Proxied, org.iomodels.process.Decodable {
    @Serial
    private static final long serialVersionUID = 1L;
    private final transient Ref ref;

    ListProxy(Ref ref) {
        this.ref = ref;
    }

    @Override
    public Ref ref() {
        return ref;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        return (E) ref.call("get", index);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E set(int index, E element) {
        return (E) ref.call("set", index, element);
    }

    @Override
    public boolean add(E e) {
        return ref.bool("add", e);
    }

    /** Python's {@code append}: {@link #add}. */
    public void append(E e) {
        ref.call("add", e);
    }

    @Override
    public void add(int index, E element) {
        ref.call("add", index, element);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E remove(int index) {
        return (E) ref.call("removeAt", index);
    }

    @Override
    public boolean remove(Object o) {
        return ref.bool("remove", o);
    }

    @Override
    public boolean addAll(Collection<? extends E> c) {
        return ref.bool("addAll", new java.util.ArrayList<>(c));
    }

    @Override
    public boolean contains(Object o) {
        return ref.bool("contains", o);
    }

    @Override
    public int indexOf(Object o) {
        return ref.integer("indexOf", o);
    }

    @Override
    public int lastIndexOf(Object o) {
        return ref.integer("lastIndexOf", o);
    }

    @Override
    public int size() {
        return ref.integer("size");
    }

    @Override
    public void clear() {
        ref.call("clear");
    }

    /** Sorts in natural order (a comparator does not cross: sort a {@link #copy} for one). */
    public void sort() {
        ref.call("sort");
    }

    @Override
    public void sort(java.util.Comparator<? super E> c) {
        if (c != null) {
            throw new UnsupportedOperationException("a comparator does not cross to the manager: sort() sorts in natural order");
        }
        sort();
    }

    public void reverse() {
        ref.call("reverse");
    }

    /** What the list holds, in one call, as a list of this process's own. */
    @SuppressWarnings("unchecked")
    public List<E> copy() {
        return (List<E>) ref.call("copy");
    }

    @Override
    public Iterator<E> iterator() {
        return java.util.Collections.unmodifiableList(copy()).iterator();
    }

    @Override
    public Object[] toArray() {
        return copy().toArray();
    }

    /** A proxy crosses as its {@link Token}: a stream that holds a proxy itself was not written by a proxy. */
    @Serial
    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("a manager's proxy crosses as its token, never as itself");
    }

    @Serial
    private Object writeReplace() {
        return ref.token;
    }

    @Override
    public String toString() {
        return copy().toString();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof List<?> l && copy().equals(o instanceof ListProxy<?> p ? p.copy() : l));
    }

    @Override
    public int hashCode() {
        return copy().hashCode();
    }
}
