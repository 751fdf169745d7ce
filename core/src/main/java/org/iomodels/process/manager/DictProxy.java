package org.iomodels.process.manager;

import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Python's {@code DictProxy}, as a {@link Map}: {@code get}, {@code put}, {@code remove},
 * {@code containsKey}, {@code size}, {@code putIfAbsent} (Python's {@code setdefault}),
 * {@code putAll} (its {@code update}) and {@code clear} are one call each to the manager, in
 * insertion order as Python's dict keeps. The views ({@link #entrySet}, {@link #keySet},
 * {@link #values}) and iteration are a {@link #copy} taken in one call, unmodifiable: they are
 * what the dict held then (as Python's {@code items()} on a proxy is a list). A value that is a
 * proxy stays one: a dict of lists holds the lists themselves.
 */
public final class DictProxy<K, V> extends AbstractMap<K, V> implements Serializable, Ref.Proxied, org.iomodels.process.Decodable {
    @Serial
    private static final long serialVersionUID = 1L;
    private final transient Ref ref;

    DictProxy(Ref ref) {
        this.ref = ref;
    }

    @Override
    public Ref ref() {
        return ref;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        return (V) ref.call("get", key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V getOrDefault(Object key, V defaultValue) {
        return (V) ref.call("getOrDefault", key, defaultValue);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V put(K key, V value) {
        return (V) ref.call("put", key, value);
    }

    /** Sets {@code key} to {@code value} (Python's {@code d[key] = value}), in the same one call as {@link #put}. */
    public void set(K key, V value) {
        ref.call("put", key, value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V putIfAbsent(K key, V value) {
        return (V) ref.call("putIfAbsent", key, value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V remove(Object key) {
        return (V) ref.call("remove", key);
    }

    @Override
    public boolean containsKey(Object key) {
        return ref.bool("containsKey", key);
    }

    @Override
    public boolean containsValue(Object value) {
        return ref.bool("containsValue", value);
    }

    @Override
    public int size() {
        return ref.integer("size");
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public void clear() {
        ref.call("clear");
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        ref.call("putAll", new java.util.LinkedHashMap<>(m));
    }

    /** What the dict holds, in one call, as a map of this process's own. */
    @SuppressWarnings("unchecked")
    public Map<K, V> copy() {
        return (Map<K, V>) ref.call("copy");
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return Collections.unmodifiableMap(copy()).entrySet();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Set<K> keySet() {
        return Collections.unmodifiableSet(new java.util.LinkedHashSet<>((List<K>) ref.call("keys")));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Collection<V> values() {
        return Collections.unmodifiableList((List<V>) ref.call("values"));
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
}
