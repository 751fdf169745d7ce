package org.iomodels.examples;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.iomodels.prefork.PreforkServer;
import org.iomodels.prefork.WorkerReport;
import org.iomodels.server.Conn;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.ServerConfig;

/**
 * A handler of one's own on every core ({@link PreforkServer}): two worker processes listen on one
 * port with {@code SO_REUSEPORT}, each greets a connection with its pid, and the kernel spreads 40
 * connections between them. Then a stop that drains, and what each worker wrote.
 */
public final class Prefork {
    private Prefork() {}

    /** Says which process took the connection, then closes it. Built once in each worker. */
    public static final class PidGreeter implements Handler {
        private final long pid = ProcessHandle.current().pid();

        @Override
        public void onOpen(Conn conn) {
            conn.write(("served by pid " + pid + "\n").getBytes(StandardCharsets.US_ASCII));
            conn.close(); // once written
        }

        @Override
        public void onData(Conn conn, ByteBuffer data) {}
    }

    public static void prefork(PrintStream out) throws Exception {
        try (PreforkServer server = PreforkServer.start(IoModel.EPOLL, ServerConfig.defaults().withPort(0), PidGreeter::new, 2,
                System.err::println)) {
            out.println("listening on " + server.address().getHostString() + ":" + server.address().getPort() + " (model epoll, 2 processes, pids " + server.workerPids() + ")");
            Map<String, Integer> served = new TreeMap<>();
            for (int i = 0; i < 40; i++) {
                try (Socket s = new Socket()) {
                    s.connect(server.address(), 5_000);
                    s.setSoTimeout(5_000);
                    String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                    served.merge(String.valueOf(line), 1, Integer::sum);
                }
            }
            served.forEach((line, n) -> out.println(line + ": " + n + " of 40 connections"));
            for (WorkerReport r : server.stop(Duration.ofMillis(500))) {
                out.println("worker " + r.slot() + " (pid " + r.pid() + ") stopped, " + r.counters().bytesOut() + " bytes written");
            }
        }
    }
}
