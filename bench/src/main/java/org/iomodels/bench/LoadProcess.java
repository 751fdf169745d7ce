package org.iomodels.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client of one run: {@code iomodels load ... --json} in a process of its own (so it never
 * shares a JVM, a heap or a GC with the server it measures). Its progress lines on stderr call
 * back when its connections are open ({@code connected}), when measuring starts and when it is
 * over, so the bench samples the server exactly then.
 */
final class LoadProcess {
    /** Called from the stderr reader thread, in order; an exception is kept and rethrown by {@link #await}. */
    interface Phase {
        void reached(String phase) throws Exception;
    }

    private final Process process;
    private final Thread reader;
    private final StringBuilder stderr = new StringBuilder();
    private volatile Exception callbackFailure;
    private volatile int connected = -1;

    LoadProcess(List<String> command, Phase phase) throws IOException {
        process = Children.start(new ProcessBuilder(command));
        reader = Thread.ofPlatform().daemon().name("load-stderr").start(() -> readProgress(phase));
    }

    private void readProgress(Phase phase) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                if (line.equals("load: measuring") || line.equals("load: finished")) {
                    call(phase, line.substring("load: ".length()));
                } else if (line.startsWith("load: connected ")) {
                    connected = Integer.parseInt(line.split(" ")[2]); // load: connected N of M
                    call(phase, "connected");
                } else {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            }
        } catch (IOException e) {
            callbackFailure = e;
        }
    }

    private void call(Phase phase, String reached) {
        try {
            phase.reached(reached);
        } catch (Exception e) {
            callbackFailure = e;
        }
    }

    /** Waits for the load to end and returns its JSON result (errors included: they are data). */
    String await(long timeoutSeconds) throws Exception {
        String json = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the load process did not finish in " + timeoutSeconds + " s");
        }
        reader.join(5000);
        if (callbackFailure != null) {
            throw callbackFailure;
        }
        if (!json.startsWith("{")) {
            synchronized (stderr) {
                throw new IOException("the load process exited " + process.exitValue() + " without a result: " + stderr.toString().trim());
            }
        }
        return json;
    }

    long pid() {
        return process.pid();
    }

    /** Connections the load opened, from its {@code load: connected N of M} line; -1 before it. */
    int connected() {
        return connected;
    }

    void kill() {
        process.destroyForcibly();
    }

    /** A number from our own flat JSON by its key ({@code "p99"}, {@code "total_msgs"}, ...); NaN if absent. */
    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** The load's {@code "distribution"} array as it wrote it (JSON), or null if absent. */
    static String distribution(String json) {
        Matcher m = Pattern.compile("\"distribution\":(\\[(?:\\[[-0-9.,eE]+\\],?)*\\])").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** The first error the load described, or null. */
    static String firstError(String json) {
        Matcher m = Pattern.compile("\"first\":\\[\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : null;
    }

    /** {@code java ... Main load --port P ...}: the arguments of one run's client. */
    static List<String> command(BenchConfig config, int port, int busy, int idle, double duration) {
        List<String> cmd = new ArrayList<>(config.java());
        cmd.addAll(List.of(config.cliMain(), "load", "--port", Integer.toString(port),
                "--conns", Integer.toString(busy), "--idle", Integer.toString(idle),
                "--size", Integer.toString(config.size()), "--pipeline", Integer.toString(config.pipeline()),
                "--duration", Double.toString(duration), "--warmup", Double.toString(config.warmup()),
                "--threads", Integer.toString(config.loadThreads()), "--json"));
        return cmd;
    }
}
