package org.iomodels.selectors;

import java.io.IOException;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.iomodels.sys.FileObject;

/**
 * The bookkeeping every selector shares (CPython's {@code _BaseSelectorImpl}): the fd → key
 * table, argument checks, the timeout rules and closed-state checks. A subclass only tells the
 * kernel what changed and waits.
 */
public abstract class BaseSelector implements Selector {
    /** Registered keys by descriptor. */
    protected final Map<Integer, SelectorKey> fdToKey = new HashMap<>();
    private final Map<Object, SelectorKey> mapView = new KeyView();
    private boolean closed;

    /** Starts watching {@code fd} for {@code events} in the kernel (or the subclass's tables). */
    protected abstract void kernelAdd(int fd, int events) throws IOException;

    /** Changes the events watched for a registered {@code fd}. */
    protected abstract void kernelModify(int fd, int events) throws IOException;

    /** Stops watching {@code fd}, which the caller may already have closed. */
    protected abstract void kernelRemove(int fd) throws IOException;

    /**
     * Waits up to {@code timeoutNanos} (negative blocks, 0 polls) and returns the ready keys with
     * their ready events already masked to what each key watches.
     */
    protected abstract List<Ready> kernelSelect(long timeoutNanos) throws IOException;

    /** Releases the kernel resources; called once. */
    protected abstract void kernelClose() throws IOException;

    @Override
    public SelectorKey register(Object fileobj, int events, Object data) throws IOException {
        checkOpen();
        if (!Events.valid(events)) {
            throw new IllegalArgumentException("Invalid events: " + events
                    + " (expected EVENT_READ, EVENT_WRITE or both)");
        }
        int fd = fileobjToFd(fileobj);
        SelectorKey existing = fdToKey.get(fd);
        if (existing != null) {
            throw new IllegalArgumentException(fileobj + " (FD " + fd + ") is already registered");
        }
        SelectorKey key = new SelectorKey(fileobj, fd, events, data);
        kernelAdd(fd, events);
        fdToKey.put(fd, key);
        return key;
    }

    @Override
    public SelectorKey unregister(Object fileobj) throws IOException {
        checkOpen();
        SelectorKey key = fdToKey.remove(lookupFd(fileobj));
        if (key == null) {
            throw new NoSuchElementException(fileobj + " is not registered");
        }
        kernelRemove(key.fd());
        return key;
    }

    @Override
    public SelectorKey modify(Object fileobj, int events, Object data) throws IOException {
        checkOpen();
        SelectorKey key = fdToKey.get(lookupFd(fileobj));
        if (key == null) {
            throw new NoSuchElementException(fileobj + " is not registered");
        }
        if (events != key.events()) {
            if (!Events.valid(events)) {
                throw new IllegalArgumentException("Invalid events: " + events
                        + " (expected EVENT_READ, EVENT_WRITE or both)");
            }
            kernelModify(key.fd(), events);
        } else if (data == key.data()) {
            return key;
        }
        SelectorKey updated = new SelectorKey(key.fileobj(), key.fd(), events, data);
        fdToKey.put(key.fd(), updated);
        return updated;
    }

    @Override
    public List<Ready> select(Duration timeout) throws IOException {
        checkOpen();
        if (timeout == null) {
            List<Ready> ready;
            do {
                ready = kernelSelect(-1);
            } while (ready.isEmpty()); // only a spurious wake-up can return nothing here
            return ready;
        }
        long nanos = timeout.isNegative() ? 0 : saturatedNanos(timeout);
        long deadline = System.nanoTime() + nanos;
        while (true) {
            List<Ready> ready = kernelSelect(nanos);
            // The kernel rounds timeouts and may wake early; the promise "at least that long" is ours.
            nanos = deadline - System.nanoTime();
            if (!ready.isEmpty() || nanos <= 0) {
                return ready;
            }
        }
    }

    @Override
    public SelectorKey getKey(Object fileobj) {
        checkOpen();
        SelectorKey key = keyOf(fileobj);
        if (key == null) {
            throw new NoSuchElementException(fileobj + " is not registered");
        }
        return key;
    }

    @Override
    public Map<Object, SelectorKey> getMap() {
        checkOpen();
        return mapView;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        fdToKey.clear();
        kernelClose();
    }

    protected final void checkOpen() {
        if (closed) {
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
    }

    /** The descriptor of a file object: an Integer is one, a FileObject has one. */
    static int fileobjToFd(Object fileobj) {
        int fd;
        if (fileobj instanceof Integer i) {
            fd = i;
        } else if (fileobj instanceof FileObject f) {
            fd = f.fileno();
        } else {
            throw new IllegalArgumentException("Invalid file object: " + fileobj
                    + " (expected an Integer descriptor or an org.iomodels.sys.FileObject)");
        }
        if (fd < 0) {
            throw new IllegalArgumentException("Invalid file descriptor: " + fd + " (of " + fileobj + ")");
        }
        return fd;
    }

    /**
     * As {@link #fileobjToFd}, but a file object closed since it was registered (its fileno is
     * now -1) is still found, by identity, so that it can be unregistered (CPython does the same).
     */
    private int lookupFd(Object fileobj) {
        try {
            return fileobjToFd(fileobj);
        } catch (IllegalArgumentException e) {
            for (SelectorKey key : fdToKey.values()) {
                if (key.fileobj() == fileobj) {
                    return key.fd();
                }
            }
            throw e;
        }
    }

    private SelectorKey keyOf(Object fileobj) {
        try {
            return fdToKey.get(lookupFd(fileobj));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }

    /** The read-only map view: file object → key, looked up through the descriptor. */
    private final class KeyView extends AbstractMap<Object, SelectorKey> {
        @Override
        public SelectorKey get(Object fileobj) {
            return keyOf(fileobj);
        }

        @Override
        public boolean containsKey(Object fileobj) {
            return keyOf(fileobj) != null;
        }

        @Override
        public int size() {
            return fdToKey.size();
        }

        @Override
        public Set<Entry<Object, SelectorKey>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<Object, SelectorKey>> iterator() {
                    Iterator<SelectorKey> keys = fdToKey.values().iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return keys.hasNext();
                        }

                        @Override
                        public Entry<Object, SelectorKey> next() {
                            SelectorKey key = keys.next();
                            return new SimpleImmutableEntry<>(key.fileobj(), key);
                        }
                    };
                }

                @Override
                public int size() {
                    return fdToKey.size();
                }
            };
        }
    }
}
