package org.iomodels.process;

import java.io.IOException;

/**
 * How objects cross between processes: {@link #encode} in the sender, {@link #decode} in the
 * receiver. {@code byte[]} messages never come here ({@link Connection#sendBytes}); the default is
 * {@link JavaCodec}, Java serialization behind an allow-list.
 */
public interface Codec {
    byte[] encode(Object value) throws IOException;

    Object decode(byte[] bytes) throws IOException;
}
