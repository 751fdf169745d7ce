package org.iomodels.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One benchmark: which targets, which scenario at which connection counts, how long, how often.
 *
 * @param java      how to start a JVM with this project's class path: the java binary and its options
 * @param cliMain   the class whose {@code serve} and {@code load} commands run the engines and the client
 * @param pipeline  messages in flight per connection in the echo scenario; requests per write in the http one
 * @param baseline  the target every ratio divides by
 */
public record BenchConfig(List<String> targets, Scenario scenario, List<Integer> conns, int size, int pipeline,
                          double duration, double warmup, int repeat, int loops, int loadThreads,
                          String baseline, Path out, List<String> java, String cliMain) {
    /** What a run measures. */
    public enum Scenario {
        /** Busy connections echoing {@code size}-byte messages: throughput, latency, CPU, syscalls. */
        ECHO,
        /** One busy connection plus N idle ones: what each wait costs as the interest set grows. */
        IDLE,
        /** N idle connections: resident memory and Java heap per connection. */
        MEMORY,
        /** N keep-alive connections of wrk asking {@code GET /plaintext}: requests/s, latency, CPU, syscalls per request. */
        HTTP;

        public static Scenario byName(String name) {
            for (Scenario s : values()) {
                if (s.name().equalsIgnoreCase(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown scenario '" + name + "'; expected echo, idle, memory or http");
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public BenchConfig {
        targets = List.copyOf(targets);
        conns = List.copyOf(conns);
        java = List.copyOf(java);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("nothing to measure: no model and no peer");
        }
        for (int c : conns) {
            if (c < 1 || c > 19_000) {
                throw new IllegalArgumentException("--conns values must be 1..19000 (the open-file limit), got " + c);
            }
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be >= 1, got " + repeat);
        }
        if (size < 1 || size > org.iomodels.load.LoadConfig.MAX_SIZE) {
            throw new IllegalArgumentException("--size must be 1.." + org.iomodels.load.LoadConfig.MAX_SIZE + " bytes, got " + size);
        }
        if (pipeline < 1 || pipeline > 1024) {
            throw new IllegalArgumentException("--pipeline must be 1..1024, got " + pipeline);
        }
        if (loops < 1 || loops > 256) {
            throw new IllegalArgumentException("--loops must be 1..256, got " + loops);
        }
        if (loadThreads < 1 || loadThreads > 64) {
            throw new IllegalArgumentException("--load-threads must be 1..64, got " + loadThreads);
        }
        if (!(duration > 0)) {
            throw new IllegalArgumentException("--duration must be > 0 seconds, got " + duration);
        }
        if (!(warmup >= 0)) {
            throw new IllegalArgumentException("--warmup must be >= 0 seconds, got " + warmup);
        }
        if (scenario == Scenario.HTTP && duration != Math.rint(duration)) {
            throw new IllegalArgumentException("the http scenario's --duration must be whole seconds (wrk -d takes no fractions), got " + duration);
        }
        if (scenario == Scenario.HTTP && warmup != Math.rint(warmup)) {
            throw new IllegalArgumentException("the http scenario's --warmup must be whole seconds (wrk -d takes no fractions), got " + warmup);
        }
    }
}
