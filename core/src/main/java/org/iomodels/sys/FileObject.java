package org.iomodels.sys;

/**
 * Anything backed by a kernel file descriptor, as Python's "file object" with a {@code fileno()}
 * method: what a selector can watch.
 */
public interface FileObject {
    /** The descriptor, or -1 once closed. */
    int fileno();
}
