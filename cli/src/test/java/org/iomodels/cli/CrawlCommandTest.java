package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iomodels.engine.Engines;
import org.iomodels.protocol.http.Http;
import org.iomodels.protocol.http.HttpConfig;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./iomodels crawl} and {@code example crawl} as a user runs them, against this project's own slow HTTP server. */
@Timeout(120)
class CrawlCommandTest {
    private static final Pattern TIME = Pattern.compile("(?m)^(synchronous|asynchronous) time: ([0-9.]+) s");

    private static Server slowSite(Duration delay) throws Exception {
        Http http = new Http(HttpConfig.defaults().withResponseDelay(delay));
        Server s = Engines.open(IoModel.JDK_NIO, ServerConfig.defaults().withPort(0), http);
        return s.start();
    }

    @Test
    void compareprintsTheSeedsTwoLinesAndTheSpeedUp() throws Exception {
        try (Server site = slowSite(Duration.ofMillis(200))) {
            String base = "http://127.0.0.1:" + site.address().getPort();
            CliProcess.Result r = CliProcess.runCapturing("crawl", "--compare", "--ignore-robots", base + "/plaintext",
                    base + "/json", base + "/stats", base + "/nope");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("GET " + base + "/json"), r.out());
            assertTrue(r.out().contains("recv bytes 27 from " + base + "/json"), r.out());
            assertTrue(r.out().contains("recv bytes 56 from " + base + "/nope (HTTP 404)"), r.out());
            Matcher m = TIME.matcher(r.out());
            assertTrue(m.find() && m.group(1).equals("synchronous"), r.out());
            double sequential = Double.parseDouble(m.group(2));
            assertTrue(m.find() && m.group(1).equals("asynchronous"), r.out());
            double green = Double.parseDouble(m.group(2));
            assertTrue(sequential >= 0.8, "four fetches of 200 ms one after another took " + sequential + " s");
            assertTrue(r.out().contains("speed-up: "), r.out());
            assertTrue(r.out().contains("errors 1 (http-404 1)"), r.out());
            assertTrue(green < sequential, "green " + green + " s, sequential " + sequential + " s");
        }
    }

    @Test
    void jsonIsOneObjectAndOutIsOneLinePerUrl(@TempDir Path dir) throws Exception {
        try (Server site = slowSite(Duration.ofMillis(1))) {
            String base = "http://127.0.0.1:" + site.address().getPort();
            Path out = dir.resolve("pages.jsonl");
            CliProcess.Result r = CliProcess.runCapturing("crawl", "--json", "--out", out.toString(), "--mode", "virtual",
                    base + "/plaintext", base + "/nope");
            assertEquals(0, r.code(), r.err());
            String json = r.out().strip();
            assertEquals(1, json.lines().count(), json);
            for (String key : List.of("\"mode\":\"virtual\"", "\"pages\":2", "\"bytes\":69", "\"errors\":1", "\"retries\":0",
                    "\"seconds\":", "\"max_in_flight_per_host\":2", "\"errors_by_kind\":{\"http-404\":1}")) {
                assertTrue(json.contains(key), key + " in " + json);
            }
            List<String> lines = Files.readAllLines(out);
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("{\"url\":\"" + base + "/nope\",\"status\":404,\"bytes\":56,")), lines.toString());
            assertTrue(lines.stream().allMatch(l -> l.contains("\"ms\":") && l.contains("\"depth\":0") && l.contains("\"error\":")), lines.toString());
            CliProcess.Result compared = CliProcess.runCapturing("crawl", "--compare", "--out", out.toString(), base + "/plaintext", base + "/nope");
            assertEquals(0, compared.code(), compared.err());
            assertEquals(2, Files.readAllLines(out).size(), "--out holds the measured crawl's URLs, not the sequential pass's too");
        }
    }

    @Test
    void processesShardTheHostsAndPrintOneSummary() throws Exception {
        try (Server a = slowSite(Duration.ofMillis(100)); Server b = slowSite(Duration.ofMillis(100)); Server c = slowSite(Duration.ofMillis(100))) {
            List<String> urls = new java.util.ArrayList<>(List.of("crawl", "--processes", "2", "--ignore-robots"));
            for (Server s : List.of(a, b, c)) {
                for (String path : List.of("/plaintext", "/json")) {
                    urls.add("http://127.0.0.1:" + s.address().getPort() + path);
                }
            }
            CliProcess.Result r = CliProcess.runCapturing(urls.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().matches("(?s)crawl on 2 processes, pids \\[\\d+, \\d+], ready in [0-9.]+ s\\R.*"), r.err());
            for (String url : urls.subList(4, urls.size())) {
                assertEquals(1, r.out().lines().filter(l -> l.equals("GET " + url)).count(), url + " fetched once: " + r.out());
                assertEquals(1, r.out().lines().filter(l -> l.startsWith("recv bytes ") && l.endsWith(" from " + url)).count(), r.out());
            }
            assertTrue(r.out().contains("crawl green on 2 processes: 6 pages"), r.out());
            assertTrue(r.out().contains("3 hosts"), r.out());
        }
    }

    @Test
    void nothingFetchedIsExitOneAndSaysWhy() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliProcess.Result r = CliProcess.runCapturing("crawl", "--retries", "0", "http://127.0.0.1:" + port + "/");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("crawl: no URL could be fetched (1 failed: {connect=1})"), r.err());
        assertTrue(r.out().contains("error http://127.0.0.1:" + port + "/: connect: "), r.out());
    }

    @Test
    void theOfflineExampleShowsTheSeedsLesson() {
        CliProcess.Result r = CliProcess.runCapturing("example", "crawl");
        assertEquals(0, r.code(), r.err());
        Matcher m = TIME.matcher(r.out());
        assertTrue(m.find(), r.out());
        double sequential = Double.parseDouble(m.group(2));
        assertTrue(m.find(), r.out());
        double green = Double.parseDouble(m.group(2));
        assertTrue(sequential >= 1.5, "the four sites' latencies add up to 1.6 s: " + sequential);
        assertTrue(green < sequential, r.out());
        assertTrue(r.out().contains("$ ./iomodels crawl --ignore-robots --mode unpatched"), r.out());
        assertTrue(r.out().contains("crawl unpatched: 4 pages"), r.out());
        assertTrue(r.out().contains("recv bytes 170935 from"), r.out());
    }

    @Test
    void unpatchedComesOutSerialAndTheHubSaysWhy() throws Exception {
        try (Server site = slowSite(Duration.ofMillis(250))) {
            String base = "http://127.0.0.1:" + site.address().getPort();
            Process p = CliProcess.builder("crawl", "--mode", "unpatched", "--ignore-robots", base + "/plaintext", base + "/json").start();
            try {
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertEquals(0, CliProcess.exitCode(p, 60), err);
                List<String> lines = out.lines().toList();
                assertEquals(List.of("GET " + base + "/plaintext", "recv bytes 13 from " + base + "/plaintext",
                        "GET " + base + "/json", "recv bytes 27 from " + base + "/json"), lines.subList(0, 4),
                        "one fetch after the other, as the seed's unpatched greenlets");
                assertTrue(err.contains("iomodels hub [crawl-hub]: blocked for"), err);
                assertTrue(err.contains("by greenlet fetch " + base), err);
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
