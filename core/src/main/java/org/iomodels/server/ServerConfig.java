package org.iomodels.server;

import java.time.Duration;
import org.iomodels.sys.SyscallTrace;

/**
 * How a server listens and what it allows. Build one with {@link #defaults()} and the
 * {@code with...} methods; every value is checked when set.
 *
 * @param host            address to bind (default 127.0.0.1)
 * @param port            port to bind; 0 picks a free one (default 0)
 * @param loops           event-loop threads of the event-loop engines (default 1)
 * @param backlog         listen(2) backlog (default 1024)
 * @param maxConnections  connections served at once; past it new ones are closed at once (default 10,000)
 * @param idleTimeout     a connection with no traffic this long is closed; null never (default null)
 * @param writeHighWater  queued bytes past which the engine stops reading a connection (default 1 MiB)
 * @param writeLowWater   queued bytes below which it reads again (default 256 KiB)
 * @param tcpNoDelay      TCP_NODELAY on every connection, Nagle's algorithm off (default true, as the
 *                        Netty peers of the bench set it): a small reply goes at once, not after
 *                        the peer's delayed ACK
 * @param trace           where every syscall of this server is recorded, for this server alone
 *                        ({@code explain}); null records nothing but the counters (default null)
 * @param reusePort       SO_REUSEPORT on the listener: several processes listen on one port and
 *                        the kernel spreads the connections among them (default false)
 */
public record ServerConfig(String host, int port, int loops, int backlog, int maxConnections,
                           Duration idleTimeout, int writeHighWater, int writeLowWater, boolean tcpNoDelay,
                           SyscallTrace trace, boolean reusePort) {
    public ServerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        if (loops < 1 || loops > 256) {
            throw new IllegalArgumentException("loops " + loops + " is outside 1..256");
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, not " + backlog);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw new IllegalArgumentException("idleTimeout must be positive (or null for none), not " + idleTimeout);
        }
        if (writeLowWater < 0 || writeHighWater <= writeLowWater) {
            throw new IllegalArgumentException("need 0 <= writeLowWater < writeHighWater, got low=" + writeLowWater
                    + " high=" + writeHighWater);
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 0, 1, 1024, 10_000, null, 1 << 20, 256 << 10, true, null, false);
    }

    public ServerConfig withHost(String host) {
        return new ServerConfig(host, port, loops, backlog, maxConnections, idleTimeout, writeHighWater, writeLowWater, tcpNoDelay, trace, reusePort);
    }

    public ServerConfig withPort(int port) {
        return new ServerConfig(host, port, loops, backlog, maxConnections, idleTimeout, writeHighWater, writeLowWater, tcpNoDelay, trace, reusePort);
    }

    public ServerConfig withLoops(int loops) {
        return new ServerConfig(host, port, loops, backlog, maxConnections, idleTimeout, writeHighWater, writeLowWater, tcpNoDelay, trace, reusePort);
    }

    public ServerConfig withMaxConnections(int max) {
        return new ServerConfig(host, port, loops, backlog, max, idleTimeout, writeHighWater, writeLowWater, tcpNoDelay, trace, reusePort);
    }

    public ServerConfig withIdleTimeout(Duration timeout) {
        return new ServerConfig(host, port, loops, backlog, maxConnections, timeout, writeHighWater, writeLowWater, tcpNoDelay, trace, reusePort);
    }

    public ServerConfig withWriteWaterMarks(int low, int high) {
        return new ServerConfig(host, port, loops, backlog, maxConnections, idleTimeout, high, low, tcpNoDelay, trace, reusePort);
    }

    public ServerConfig withTcpNoDelay(boolean on) {
        return new ServerConfig(host, port, loops, backlog, maxConnections, idleTimeout, writeHighWater, writeLowWater, on, trace, reusePort);
    }

    /** Records every syscall of this server's threads into {@code trace} (null: none). */
    public ServerConfig withTrace(SyscallTrace trace) {
        return new ServerConfig(host, port, loops, backlog, maxConnections, idleTimeout, writeHighWater, writeLowWater, tcpNoDelay, trace, reusePort);
    }

    /** SO_REUSEPORT on the listener, for a port shared by several processes ({@code serve --processes}). */
    public ServerConfig withReusePort(boolean on) {
        return new ServerConfig(host, port, loops, backlog, maxConnections, idleTimeout, writeHighWater, writeLowWater, tcpNoDelay, trace, on);
    }
}
