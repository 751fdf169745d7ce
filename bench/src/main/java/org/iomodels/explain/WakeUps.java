package org.iomodels.explain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Thread wake-ups, as the kernel counts them: the voluntary context switches (a thread that slept
 * in a call and was woken) of this JVM's server threads, from {@code /proc/self/task/*}/status.
 * A server thread is one the engines name ({@code iomodels-...}) or a carrier of virtual threads
 * ({@code ForkJoinPool-...}); the client, the JIT and the collector are not counted.
 */
final class WakeUps {
    private WakeUps() {}

    static long serverThreads() {
        long sum = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip();
                    if (name.startsWith("iomodels") || name.startsWith("ForkJoinPool")) {
                        sum += voluntary(Files.readString(t.resolve("status")));
                    }
                } catch (IOException gone) {
                    // a thread that ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0; // no /proc: not Linux; Exchange's callers say so
        }
        return sum;
    }

    private static long voluntary(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return 0;
    }
}
