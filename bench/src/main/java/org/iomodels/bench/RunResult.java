package org.iomodels.bench;

/**
 * What one run of one target measured (NaN where a figure does not apply or could not be had).
 *
 * @param busy            connections sending
 * @param idle            connections open and silent
 * @param cpuPerMillion   server CPU seconds (user + system, /proc/PID/stat) per million messages
 * @param systemShare     the part of that CPU spent in the kernel (0..1)
 * @param loadCores       CPU cores the load generator used while measuring (near its thread count: client-bound)
 * @param peakRssKiB      the server's VmHWM at the end of the run
 * @param threads         the server's thread count while measuring
 * @param syscallsPerMsg  the engine's counted syscalls over the load's echoed messages (engines only)
 * @param rssPerConn      memory scenario: resident bytes per idle connection
 * @param heapPerConn     memory scenario: Java heap bytes per idle connection (JVM servers only)
 * @param p75             http scenario: the 75th latency percentile (wrk prints 50, 75, 90, 99 and no 99.9)
 * @param bytesPerSec     http scenario: response bytes per second, as wrk counts them
 * @param distribution    the latency distribution the load recorded, {@code [[percentile, µs], ...]} in JSON, or null
 */
public record RunResult(String target, int busy, int idle, int repeat, String skip,
                        double msgsPerSec, double p50, double p90, double p99, double p999, double max,
                        double cpuPerMillion, double systemShare, double loadCores, double peakRssKiB, double threads, double syscallsPerMsg,
                        double rssPerConn, double heapPerConn, long errors, String firstError,
                        double p75, double bytesPerSec, String distribution) {
    static RunResult skipped(String target, int busy, int idle, int repeat, String why) {
        double n = Double.NaN;
        return new RunResult(target, busy, idle, repeat, why, n, n, n, n, n, n, n, n, n, n, n, n, n, n, 0, null, n, n, null);
    }

    /** The connection count this run is reported under: busy ones, or idle ones when nothing else varies. */
    int conns() {
        return idle > 0 ? idle : busy;
    }

    boolean ran() {
        return skip == null;
    }
}
