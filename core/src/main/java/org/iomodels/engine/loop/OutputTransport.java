package org.iomodels.engine.loop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.iomodels.engine.base.FileRegion;

/**
 * The connection a {@link LoopConnOutput} writes for: a {@link LoopConn}, or the {@code green}
 * engine's. Called on its {@link OutputOwner}'s thread.
 */
public interface OutputTransport {
    boolean isOpen();

    int transportWrite(ByteBuffer src) throws IOException;

    long transportSendFile(FileRegion region) throws IOException;

    FileRegion openFile(Path file, long position, long count) throws IOException;

    void transportShutdownOutput() throws IOException;

    boolean isInputClosed();

    void touch();

    void closeNow(Throwable cause);

    /** What is queued or paused changed: watch what that needs. */
    void updateInterest();

    /** The queue drained below the low-water mark after backpressure: tell the handler. */
    void drained();
}
