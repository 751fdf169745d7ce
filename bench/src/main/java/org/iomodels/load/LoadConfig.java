package org.iomodels.load;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * What one {@code load} run does: {@code conns} busy connections each echoing {@code size}-byte
 * messages, either {@code pipeline} in flight per connection (closed loop, {@code rate == 0}) or
 * paced at {@code rate} messages per second in total (open loop), plus {@code idle} connections
 * that stay open and silent, for {@code warmup} then {@code duration} seconds.
 *
 * @param histogramLog where to write the latency histogram in HdrHistogram's log format, or null
 */
public record LoadConfig(InetSocketAddress target, int conns, int idle, int size, int pipeline,
                         double rate, double warmup, double duration, int threads, Path histogramLog) {
    /** The most connections one process can hold here: the open-file hard limit is 20,000. */
    public static final int MAX_CONNS = 19_000;
    /** Messages are at most this large: the verifier compares one contiguous pattern window. */
    public static final int MAX_SIZE = 1 << 20;
    /** Open loop rates are at most this (msgs/s): far past any loopback pair, and the backlog's byte count cannot overflow. */
    public static final double MAX_RATE = 100_000_000;

    public LoadConfig {
        require(conns >= 0, "--conns must be >= 0, got " + conns);
        require(idle >= 0, "--idle must be >= 0, got " + idle);
        require(conns + idle >= 1, "need at least one connection (--conns or --idle)");
        require(conns + idle <= MAX_CONNS, "--conns + --idle must be <= " + MAX_CONNS
                + " in one process (open-file limit); run several load processes for more");
        require(size >= 1 && size <= MAX_SIZE, "--size must be 1.." + MAX_SIZE + " bytes, got " + size);
        require(pipeline >= 1 && pipeline <= 1024, "--pipeline must be 1..1024, got " + pipeline);
        require(rate >= 0 && rate <= MAX_RATE, "--rate must be 0.." + (long) MAX_RATE + " msgs/s (0 = closed loop), got " + rate);
        require(rate == 0 || conns > 0, "--rate needs busy connections (--conns >= 1)");
        require(warmup >= 0, "--warmup must be >= 0 seconds, got " + warmup);
        require(duration > 0, "--duration must be > 0 seconds, got " + duration);
        require(threads >= 1 && threads <= 64, "--threads must be 1..64, got " + threads);
    }

    /** Whether sends are paced by the clock (open loop) rather than by replies (closed loop). */
    public boolean openLoop() {
        return rate > 0;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
