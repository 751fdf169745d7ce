package org.iomodels.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server process as the bench starts it: its port when it comes up, its own reason when it does not. */
@Timeout(30)
class ServerProcessTest {
    @Test
    void aServerThatDoesNotStartIsReportedWithWhatItSaid() {
        IOException e = assertThrows(IOException.class, () -> ServerProcess.start(
                List.of("sh", "-c", "echo 'starting' >&2; echo 'iomodels serve: Address already in use' >&2; exit 1")));
        assertTrue(e.getMessage().startsWith("server did not start: iomodels serve: Address already in use ("), e.getMessage());
    }

    @Test
    void theListeningLineGivesThePort() throws IOException {
        try (ServerProcess server = ServerProcess.start(
                List.of("sh", "-c", "echo 'listening on 127.0.0.1:4321 (model test)'; exec sleep 20"))) {
            assertEquals(4321, server.port);
            assertTrue(server.pid() > 0);
        }
    }
}
