package org.iomodels.protocol;

import java.nio.ByteBuffer;
import org.iomodels.server.Conn;
import org.iomodels.server.Handler;

/** The echo protocol: every byte back, in order. Half-close: what was sent comes back, then the server closes. */
public final class Echo implements Handler {
    @Override
    public void onData(Conn conn, ByteBuffer data) {
        conn.write(data);
    }
}
