package org.iomodels.engine;

import static org.iomodels.engine.EchoClients.awaitServerClose;
import static org.iomodels.engine.EchoClients.connect;
import static org.iomodels.engine.EchoClients.roundTrip;
import static org.iomodels.engine.EchoClients.waitUntil;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.sys.Libc;
import org.iomodels.sys.Select;
import org.junit.jupiter.api.Test;

/**
 * The engine contract on {@code select(2)}, plus its own limit: a descriptor of FD_SETSIZE (1024)
 * or more cannot be watched, so such a connection is refused and the others go on.
 */
class SelectEngineTest extends EngineContract {
    @Override
    protected IoModel model() {
        return IoModel.SELECT;
    }

    /** The clients share this JVM's descriptor table with the server: 2 x 400 stays under FD_SETSIZE. */
    @Override
    protected int concurrentClients() {
        return 400;
    }

    @Override
    protected int busyClients() {
        return 400;
    }

    @Test
    void aDescriptorPastFdSetSizeIsRefusedTheOthersGoOn() throws Exception {
        RecordingHandler h = recordingEcho();
        List<Integer> pipes = new ArrayList<>();
        try (Server server = start(baseConfig(), h); Socket before = connect(server.address())) {
            roundTrip(before, "before the descriptor table fills");
            try {
                fillBelow(Select.FD_SETSIZE, pipes);
                long refusedBefore = server.stats().refused();
                try (Socket past = connect(server.address())) {
                    awaitServerClose(past, SOON, "a connection whose server-side fd is >= " + Select.FD_SETSIZE);
                }
                waitUntil(() -> server.stats().refused() > refusedBefore, SOON, "stats().refused() grows");
                roundTrip(before, "after a refusal");
            } finally {
                for (int fd : pipes) {
                    Libc.close(fd);
                }
            }
            try (Socket after = connect(server.address())) {
                roundTrip(after, "once descriptors below 1024 are free again");
            }
        }
    }

    /** Opens pipes until every descriptor below {@code limit} is in use: the next one is {@code >= limit}. */
    private static void fillBelow(int limit, List<Integer> fds) throws IOException {
        while (true) {
            int[] p = Libc.pipe2(Libc.O_CLOEXEC); // the two lowest free descriptors
            if (Math.min(p[0], p[1]) >= limit) {
                Libc.close(p[0]);
                Libc.close(p[1]);
                return;
            }
            fds.add(p[0]);
            fds.add(p[1]);
        }
    }
}
