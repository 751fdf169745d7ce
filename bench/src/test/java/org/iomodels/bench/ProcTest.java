package org.iomodels.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What /proc says about a server: connections it accepted, not those the kernel holds for it. */
@Timeout(30)
class ProcTest {
    @Test
    void onlyAcceptedConnectionsCountNotThoseStillInTheListenQueue() throws Exception {
        long self = ProcessHandle.current().pid();
        List<Socket> open = new ArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            for (int i = 0; i < 3; i++) {
                open.add(new Socket(InetAddress.getLoopbackAddress(), port)); // the handshake completes in the kernel
            }
            assertEquals(0, Proc.acceptedConnections(self, port));
            open.add(listener.accept());
            open.add(listener.accept());
            assertEquals(2, Proc.acceptedConnections(self, port));
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    @Test
    void theTableIsReadByLocalPortStateAndInode() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1 0",
                "   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 222 1 0",
                "   2: 0100007F:1F90 0100007F:C351 01 00000000:00000000 00:00000000 00000000  1000        0 0 1 0",
                "   3: 0100007F:C350 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 333 1 0",
                "   4: 0100007F:1F90 0100007F:C352 06 00000000:00000000 00:00000000 00000000  1000        0 0 1 0");
        // Port 8080 (0x1F90): one listening (0A), one accepted, one in the queue (inode 0), one in TIME_WAIT;
        // the client's own end (local port 0xC350) is not the server's.
        assertEquals(1, Proc.acceptedConnections(table, 8080));
    }
}
