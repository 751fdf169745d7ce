package org.iomodels.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's memory at one moment: resident set size from /proc, and for a JVM the heap in use
 * after a full collection ({@code jcmd PID GC.run}, then {@code GC.heap_info}), so garbage does
 * not count as the cost of a connection.
 */
final class MemoryProbe {
    record Sample(double rssBytes, double heapBytes) {}

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final ServerProcess server;
    private final boolean jvm;
    private final Path jcmd;

    MemoryProbe(BenchConfig config, ServerProcess server, boolean jvm) {
        this.server = server;
        this.jvm = jvm;
        this.jcmd = Path.of(config.java().getFirst()).resolveSibling("jcmd");
    }

    Sample sample() throws IOException, InterruptedException {
        double heap = Double.NaN;
        if (jvm) {
            jcmd("GC.run");
            Matcher m = USED.matcher(jcmd("GC.heap_info"));
            heap = m.find() ? Long.parseLong(m.group(1)) * 1024.0 : Double.NaN;
        }
        return new Sample(server.status("VmRSS") * 1024.0, heap);
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(server.pid()), command))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jcmd " + server.pid() + " " + command + " failed: " + out.trim());
        }
        return out;
    }
}
