package org.iomodels.server;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The cause {@code Handler.onClose} sees for a connection aborted because a file queued with
 * {@code Conn.sendFile} held fewer bytes, when it was sent, than the peer had been promised.
 */
public final class ShortFileException extends IOException {
    public ShortFileException(Path file, long size, long promisedEnd) {
        super("file " + file + " holds " + size + " bytes, fewer than the " + promisedEnd
                + " that sendFile promised (position + count): the peer cannot get what it was told to expect");
    }
}
