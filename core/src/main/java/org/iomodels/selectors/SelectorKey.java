package org.iomodels.selectors;

/**
 * What a selector knows of one registration, as Python's {@code SelectorKey} named tuple:
 * the file object registered (an {@code Integer} fd or a {@link org.iomodels.sys.FileObject}),
 * its descriptor, the events watched, and the caller's data. Immutable: {@code modify} returns a
 * new key.
 */
public record SelectorKey(Object fileobj, int fd, int events, Object data) {
    @Override
    public String toString() {
        return "SelectorKey[fileobj=" + fileobj + ", fd=" + fd + ", events=" + Events.toString(events)
                + ", data=" + data + "]";
    }
}
