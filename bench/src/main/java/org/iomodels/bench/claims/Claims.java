package org.iomodels.bench.claims;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench --scenario claims}: the ten claims the seeds make, each measured here in one run
 * and settled with its numbers. A claim whose measurement fails is reported as not measured,
 * with the error; the others go on.
 */
public final class Claims {
    /** A claim, how it is measured, and the command that measures it again on its own. */
    public record Text(int n, String claim, String measured, String command) {}

    public static final List<Text> TEXTS = List.of(
            new Text(1, "select and poll cost more as the watched set grows; epoll does not",
                    "one busy echo connection beside 10, 300 and 900 idle ones, on select, poll and epoll: the busy one's msgs/s",
                    "./iomodels bench --scenario idle --models select,poll,epoll --peers none --conns 10,300,900"),
            new Text(2, "select has a connection limit; poll and epoll do not",
                    "1,100 connections held open at once on each model's echo server (its own process), then one byte echoed on each",
                    "./iomodels bench --scenario claims --claims 2"),
            new Text(3, "with few connections, select/epoll is not necessarily better than threads + blocking I/O, and its latency may be larger",
                    "echo on 1 and 4 connections, blocking against epoll: msgs/s and median latency",
                    "./iomodels bench --models blocking,epoll --peers none --conns 1,4"),
            new Text(4, "switching coroutines costs less than switching threads, and the gap grows with their number",
                    "a token passed round a ring of 2 to 10,000 tasks: greenlets (switchTo), virtual threads and platform threads (park/unpark)",
                    "./iomodels bench --scenario claims --claims 4"),
            new Text(5, "one thread of coroutines serves thousands of connections, without locks",
                    "the green engine (one hub thread) echoing on 10,000 connections, then holding 10,000 idle ones: msgs/s, errors, threads, memory",
                    "./iomodels bench --models green --peers none --conns 10000; ./iomodels bench --scenario memory --models green --peers none --conns 10000"),
            new Text(6, "multi-process + coroutines uses every core",
                    "echo on 100 connections, green in one process against green on 2 processes (serve --processes 2): msgs/s and the server's cores",
                    "./iomodels bench --models green --peers none --conns 100 --processes 2"),
            new Text(7, "the concurrent crawler beats the sequential one; the unpatched one does not",
                    "a local site of 32 pages on 2 hosts, each answer 20 ms late, crawled sequentially, by greenlets, by greenlets on unpatched"
                            + " (blocking) sockets and by virtual threads",
                    "./iomodels bench --scenario crawl"),
            new Text(8, "cached I/O copies the data twice; zero-copy does not",
                    "a 64 MiB file in the page cache sent to a loopback socket 8 times, by sendfile(2) and by read(2)+write(2):"
                            + " the sender's CPU per MiB",
                    "./iomodels bench --scenario claims --claims 8"),
            new Text(9, "non-blocking polling wastes calls",
                    "20 echoed messages traced on nonblocking and epoll: calls and EAGAIN per message",
                    "./iomodels explain --model nonblocking --messages 20"),
            new Text(10, "asynchronous I/O spares the process both phases",
                    "20 echoed messages traced on io_uring and epoll: the process's calls per message, its copy calls and its wait",
                    "./iomodels explain --model io_uring --messages 20"));

    /** What the measurements need: the JVM to start servers and loads with, the runs' length, where to write, where to say progress. */
    public record Context(List<String> jvm, String cliMain, double duration, double warmup, int repeat, Path out, PrintStream progress) {}

    private Claims() {}

    /** Measures the claims numbered {@code which}, in order. */
    public static List<ClaimResult> run(Context context, List<Integer> which) {
        List<ClaimResult> results = new ArrayList<>();
        for (int n : which) {
            Text text = TEXTS.get(n - 1);
            context.progress().printf(Locale.ROOT, "claims: [%d] %s%n", n, text.claim());
            try {
                results.add(switch (n) {
                    case 1, 3, 5, 6 -> new NetClaims(context).measure(text);
                    case 2, 4, 7, 8 -> new LocalClaims(context).measure(text);
                    default -> TraceClaims.measure(text);
                });
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                results.add(ClaimResult.failed(text, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
            context.progress().println("claims: [" + n + "] " + results.getLast().verdict());
        }
        return results;
    }

    /** The table bench prints: one line per claim, its verdict and why. */
    public static String table(List<ClaimResult> results) {
        StringBuilder s = new StringBuilder("the seeds' claims, measured here in one run\n");
        for (ClaimResult r : results) {
            s.append(String.format(Locale.ROOT, "%2d  %s%n", r.n(), r.claim()));
            s.append("    ").append(r.verdict()).append(": ").append(r.why() != null ? r.why() : r.error()).append('\n');
        }
        return s.toString();
    }

    /** results.json: {@code {"scenario":"claims","claims":[...]}}. */
    public static String json(List<ClaimResult> results, Context context) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("scenario", "claims").put("duration_s", context.duration()).put("warmup_s", context.warmup()).put("repeat", context.repeat());
        ArrayNode claims = root.putArray("claims");
        results.forEach(r -> claims.add(r.toJson()));
        return root.toPrettyString() + "\n";
    }
}
