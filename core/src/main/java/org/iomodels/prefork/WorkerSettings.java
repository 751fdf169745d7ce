package org.iomodels.prefork;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import org.iomodels.server.ServerConfig;

/** What of a {@link ServerConfig} crosses to a worker (a trace records one process's calls and does not). */
record WorkerSettings(String host, int port, int loops, int backlog, int maxConnections, Duration idleTimeout,
                      int writeHighWater, int writeLowWater, boolean tcpNoDelay) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    static WorkerSettings of(ServerConfig c, int port) {
        if (c.trace() != null) {
            throw new IllegalArgumentException("a syscall trace records one process's calls: not with several processes");
        }
        return new WorkerSettings(c.host(), port, c.loops(), c.backlog(), c.maxConnections(), c.idleTimeout(), c.writeHighWater(),
                c.writeLowWater(), c.tcpNoDelay());
    }

    ServerConfig config() {
        return new ServerConfig(host, port, loops, backlog, maxConnections, idleTimeout, writeHighWater, writeLowWater, tcpNoDelay,
                null, true);
    }
}
