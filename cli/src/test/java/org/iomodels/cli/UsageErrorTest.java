package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.server.IoModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage errors as a user meets them, in-process: exit 2 and one line on stderr naming the option
 * and its value as typed, the same mistake worded the same in every command, found before any
 * work starts. Every {@code bench} case also points {@code --out} under a regular file, and every
 * {@code serve} case listens on port 0: were a check missing, the run would stop there (exit 1)
 * or at worst serve on a free port until the timeout, never measure or take port 8080.
 */
@Timeout(60)
class UsageErrorTest {
    /** A regular file: nothing can be made under it. */
    private static final Path FILE = tempFile();
    private static final String[] BENCH_GUARD = {"--out", FILE.resolve("out").toString()};

    private static Path tempFile() {
        try {
            Path file = Files.createTempFile("iomodels-usage", ".txt");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code args}; asserts exit 2 and that the one stderr line says exactly {@code expected}. */
    private static void assertUsage(String expected, String... args) {
        CliProcess.Result r = CliProcess.runCapturing(args);
        String said = String.join(" ", args) + " -> " + r.err();
        assertEquals(2, r.code(), said);
        assertEquals(1, r.err().lines().count(), said);
        String line = r.err().strip();
        assertTrue(line.startsWith("iomodels") && line.endsWith(" --help')"), said);
        assertEquals(expected, line.substring(line.indexOf(": ") + 2, line.lastIndexOf(" (see '")), said);
        assertEquals("", r.out(), "no work started: " + said);
    }

    private static String[] bench(String... args) {
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        all.addAll(List.of(BENCH_GUARD));
        return all.toArray(String[]::new);
    }

    @Test
    void aBadPortIsWordedTheSameInEveryCommand() {
        String outside = "--port 99999 is outside 0..65535";
        assertUsage(outside, "serve", "--model", "epoll", "--port", "99999");
        assertUsage(outside, "load", "--port", "99999");
        assertUsage(outside, "client", "--port", "99999");
        for (String example : List.of("blocking-echo", "nonblocking-echo", "select-echo", "selectors-echo")) {
            assertUsage(outside, "example", example, "--port", "99999");
        }
        String zero = "--port 0 picks a free port only where a server listens; give the port the server listens on";
        assertUsage(zero, "load", "--port", "0");
        assertUsage(zero, "client", "--port", "0");
    }

    @Test
    void optionsLoadAndBenchShareAreCheckedAlike() {
        assertUsage("--size 0 is outside 1..1048576 bytes", "load", "--port", "1", "--size", "0");
        assertUsage("--size 0 is outside 1..1048576 bytes", bench("--size", "0"));
        assertUsage("--pipeline 2000 is outside 1..1024", "load", "--port", "1", "--pipeline", "2000");
        assertUsage("--pipeline 2000 is outside 1..1024", bench("--pipeline", "2000"));
        assertUsage("--loops 0 is outside 1..256", "serve", "--model", "epoll", "--port", "0", "--loops", "0");
        assertUsage("--loops 0 is outside 1..256", bench("--loops", "0"));
        assertUsage("--conns 0 is outside 1..19000", bench("--conns", "1,0"));
        assertUsage("--load-threads 99 is outside 1..64", bench("--load-threads", "99"));
        assertUsage("--threads 99 is outside 1..64", "load", "--port", "1", "--threads", "99");
    }

    @Test
    void durationAndWarmupAreEachNamedAlone() {
        for (String command : List.of("load", "bench")) {
            String[] port = command.equals("load") ? new String[] {"--port", "1"} : BENCH_GUARD;
            assertUsage("--duration 0 is not a positive number of seconds", with(command, port, "--duration", "0"));
            assertUsage("--warmup -1 is a negative number of seconds", with(command, port, "--warmup", "-1"));
        }
        assertUsage("--duration 1.5 is not whole seconds, which the http scenario needs (wrk -d takes no fractions)",
                bench("--scenario", "http", "--duration", "1.5"));
        assertUsage("--warmup 0.5 is not whole seconds, which the http scenario needs (wrk -d takes no fractions)",
                bench("--scenario", "http", "--warmup", "0.5"));
    }

    private static String[] with(String command, String[] first, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(first));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    @Test
    void serveNamesItsOptionsNotTheCoresFields() {
        assertUsage("--max-connections 0 is less than 1", "serve", "--model", "epoll", "--port", "0", "--max-connections", "0");
        assertUsage("--max-body -1 is outside 0..2147483639 bytes",
                "serve", "--model", "epoll", "--port", "0", "--protocol", "http", "--max-body", "-1");
        assertUsage("--header-timeout 0 is not a positive number of seconds",
                "serve", "--model", "epoll", "--port", "0", "--protocol", "http", "--header-timeout", "0");
        assertUsage("--idle-timeout 0 is not a positive number of seconds",
                "serve", "--model", "epoll", "--port", "0", "--idle-timeout", "0");
        assertUsage("--root " + FILE + " is not a directory", "serve", "--model", "epoll", "--port", "0", "--protocol", "http",
                "--root", FILE.toString());
        assertUsage("--model epol: unknown model; valid models: " + String.join(", ", IoModel.names()),
                "serve", "--model", "epol", "--port", "0");
    }

    @Test
    void httpOptionsAreRefusedWithAnotherProtocol(@TempDir Path dir) {
        assertUsage("--header-timeout applies to --protocol http only", "serve", "--model", "epoll", "--port", "0",
                "--header-timeout", "3");
        assertUsage("--max-body applies to --protocol http only", "serve", "--model", "epoll", "--port", "0",
                "--protocol", "chat", "--max-body", "5");
        assertUsage("--root and --max-body apply to --protocol http only", "serve", "--model", "epoll", "--port", "0",
                "--root", dir.toString(), "--max-body", "5");
        assertUsage("--delay applies to --protocol http only", "serve", "--model", "epoll", "--port", "0", "--delay", "100");
        assertUsage("--delay 2000 ms must be shorter than --header-timeout (1000 ms): a request is answered within it", "serve", "--model", "epoll",
                "--port", "0", "--protocol", "http", "--header-timeout", "1", "--delay", "2000");
        assertUsage("--delay -1 is outside 0..3600000 ms", "serve", "--model", "epoll", "--port", "0", "--protocol", "http",
                "--delay", "-1");
    }

    @Test
    void crawlNamesABadUrlOrFlag() {
        assertUsage("bad URL 'htp://x/': the scheme must be http or https, not htp", "crawl", "htp://x/");
        assertUsage("bad URL 'example.org': not absolute (it needs http:// or https://)", "crawl", "http://a/", "example.org");
        assertUsage("give at least one URL to crawl, e.g. crawl http://127.0.0.1:8080/", "crawl");
        assertUsage("--mode fast: unknown mode; valid modes: sequential, green, unpatched, virtual", "crawl", "--mode", "fast", "http://a/");
        assertUsage("--concurrency 0 is outside 1..10000", "crawl", "--concurrency", "0", "http://a/");
        assertUsage("--per-host 0 is outside 1..10000", "crawl", "--per-host", "0", "http://a/");
        assertUsage("--processes 0 is outside 1..256", "crawl", "--processes", "0", "http://a/");
        assertUsage("--processes takes a count of 1 or more, or auto, not 'x'", "crawl", "--processes", "x", "http://a/");
        assertUsage("--concurrency 2 is less than --processes 3: each process needs one fetch in flight at least",
                "crawl", "--processes", "3", "--concurrency", "2", "http://a/");
        assertUsage("--timeout 0 is outside (0, 3600] seconds", "crawl", "--timeout", "0", "http://a/");
        assertUsage("--retries -1 is outside 0..20", "crawl", "--retries", "-1", "http://a/");
        assertUsage("--compare times --mode against sequential: give a concurrent --mode (green, unpatched or virtual)",
                "crawl", "--compare", "--mode", "sequential", "http://a/");
        assertUsage("Invalid value for option '--depth': 'two' is not an int", "crawl", "--depth", "two", "http://a/");
    }

    @Test
    void anUnknownExampleOrCommandListsTheValidOnes() {
        assertUsage("unknown example 'nope'; valid examples: blocking-echo, nonblocking-echo, select-echo, selectors-echo, gevent-sleep, greenlet-switch, message-loop, gevent-echo, gevent-blocking, crawl, mp-queue, mp-pipe, mp-lock, mp-manager, mp-pool, mp-map, mp-pool-crash, prefork",
                "example", "nope");
        assertUsage("unknown command 'nope'; valid commands: tour, serve, load, bench, crawl, explain, report, models, client, example", "nope");
        assertUsage("unexpected argument 'extra'", "models", "extra");
    }

    @Test
    void benchTargetsAreCheckedAndNeverRunTwice() {
        assertUsage("--baseline nonsense: not a target of this run; valid targets: epoll, poll",
                bench("--models", "epoll,poll", "--peers", "none", "--baseline", "nonsense"));
        assertUsage("--models epoll,epoll: epoll is given twice", bench("--models", "epoll,epoll", "--peers", "none"));
        assertUsage("--peers netty-nio,netty-nio: netty-nio is given twice", bench("--models", "none", "--peers", "netty-nio,netty-nio"));
        assertUsage("--models epol,poll,pol: unknown models epol, pol; valid models: " + String.join(", ", IoModel.names()),
                bench("--models", "epol,poll,pol"));
        assertUsage("--scenario fast: unknown scenario; valid scenarios: echo, idle, memory, http, green, crawl, processes, pool, claims", bench("--scenario", "fast"));
        assertUsage("--peers netty-epoll: the green scenario's peer is python-gevent (or none)",
                bench("--scenario", "green", "--peers", "netty-epoll"));
        assertUsage("--repeat 0 is less than 1", bench("--scenario", "green", "--repeat", "0"));
    }

    @Test
    void unwritableOutputsAreRefusedBeforeAnyWork(@TempDir Path dir) throws IOException {
        Path under = FILE.resolve("latency.hlog");
        assertUsage("--histogram-log " + under + ": cannot write there: " + FILE + " is not a directory",
                "load", "--port", "1", "--duration", "0.2", "--warmup", "0", "--histogram-log", under.toString());
        assertUsage("--histogram-log " + dir + ": cannot write there: it is a directory",
                "load", "--port", "1", "--duration", "0.2", "--warmup", "0", "--histogram-log", dir.toString());
        assertUsage("--out " + FILE.resolve("out") + ": cannot write there: " + FILE + " is not a directory", bench());
        Files.createDirectory(dir.resolve("results.json")); // the run's results could not be written over it
        assertUsage("--out " + dir.resolve("results.json") + ": cannot write there: it is a directory",
                "bench", "--models", "epoll", "--peers", "none", "--conns", "1", "--duration", "0.2", "--warmup", "0",
                "--repeat", "1", "--out", dir.toString());
        assertFalse(Files.exists(dir.resolve("results.csv")));
    }

    @Test
    void anUnknownHostIsAUsageErrorEverywhere() {
        String unknown = "--host nosuch.invalid: unknown host";
        assertUsage(unknown, "serve", "--model", "epoll", "--port", "0", "--host", "nosuch.invalid");
        assertUsage(unknown, "serve", "--model", "jdk-nio", "--port", "0", "--host", "nosuch.invalid");
        assertUsage(unknown, "load", "--host", "nosuch.invalid", "--port", "7000");
        assertUsage(unknown, "client", "--host", "nosuch.invalid", "--port", "7000");
        assertUsage(unknown, "example", "selectors-echo", "--host", "nosuch.invalid", "--port", "0");
    }

    @Test
    void picocliParameterErrorsExitTwoInEveryCommand() {
        for (String[] args : List.of(new String[] {"serve", "--port", "0"}, new String[] {"serve", "--model", "epoll", "--port", "x"},
                new String[] {"load", "--conns", "1"}, new String[] {"client"}, new String[] {"client", "--port", "1", "--host"},
                bench("--conns", "1,x"), new String[] {"tour", "extra"}, new String[] {"models", "--bogus"},
                new String[] {"help", "nope"}, new String[] {"example", "selectors-echo", "--bogus"})) {
            CliProcess.Result r = CliProcess.runCapturing(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }
}
