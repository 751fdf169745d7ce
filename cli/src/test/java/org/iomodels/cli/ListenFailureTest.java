package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.iomodels.engine.Engines;
import org.iomodels.server.IoModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A port already in use, on every model and every example: exit 1 and one line naming the
 * address, worded the same whether {@code bind(2)} (the raw models) or the JDK (jdk-nio,
 * jdk-nio2, jdk-blocking, virtual) refused it.
 */
@Timeout(30)
class ListenFailureTest {
    @ParameterizedTest
    @EnumSource(IoModel.class)
    void servingOnAPortInUseNamesTheAddress(IoModel model) throws IOException {
        Assumptions.assumeTrue(Engines.isSupported(model), () -> model + " is not supported here: " + Engines.unsupportedReason(model));
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            CliProcess.Result r = CliProcess.runCapturing("serve", "--model", model.cliName(), "--port", Integer.toString(port));
            assertEquals(1, r.code(), r.err());
            assertEquals("iomodels serve: cannot listen on 127.0.0.1:" + port + ": address already in use\n", r.err());
            assertEquals("", r.out());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking-echo", "nonblocking-echo", "select-echo", "selectors-echo", "gevent-echo"})
    void anExampleOnAPortInUseSaysItAsServeDoes(String example) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            CliProcess.Result r = CliProcess.runCapturing("example", example, "--port", Integer.toString(port));
            assertEquals(1, r.code(), r.err());
            assertEquals("iomodels example " + example + ": cannot listen on 127.0.0.1:" + port + ": address already in use\n",
                    r.err());
        }
    }
}
