package org.iomodels.uring;

/**
 * How the project packs the 64-bit user data an entry's completions carry, in one place: a
 * connection id in the high 56 bits and the operation's tag (the caller's: accept, receive,
 * send, ...) in the low 8. An id needs fewer than 2^56 values; a tag is 0..255.
 */
public final class IoUringUserData {
    private IoUringUserData() {}

    public static long pack(long id, int tag) {
        return id << 8 | (tag & 0xff);
    }

    public static long id(long userData) {
        return userData >>> 8;
    }

    public static int tag(long userData) {
        return (int) (userData & 0xff);
    }
}
