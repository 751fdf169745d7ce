package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's report.html in a real browser: a short real bench run, its page opened by headless
 * Chromium from file:// (offline), every chart drawn, no console message, every number in its
 * tables the one in results.json, and a screenshot that is not blank.
 */
@Timeout(300)
class ReportBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aShortBenchRunsReportDrawsEveryChartAndShowsTheNumbersOfItsResults(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) || "true".equals(System.getenv("CI")), "chromium is not installed (apt-get install chromium)");
        Path out = dir.resolve("run");
        StringWriter table = new StringWriter();
        int code = CliProcess.runInProcess(table, "bench", "--models", "epoll", "--peers", "netty-epoll", "--conns", "1,20",
                "--duration", "0.5", "--warmup", "0.3", "--repeat", "1", "--out", out.toString());
        assertEquals(0, code, table.toString());
        assertTrue(table.toString().contains("wrote " + out.resolve("report.html")), table.toString());
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        assertTrue(results.path("run").path("command").asText().startsWith("./iomodels bench --models epoll --peers netty-epoll"), results.path("run").toString());
        assertEquals(1, results.path("explain").size(), "an explain trace of each model measured");

        Path console = dir.resolve("console.txt");
        String dom = chromium(dir, console, "--dump-dom", out.resolve("report.html"));
        String messages = Files.readString(console).lines().filter(l -> l.contains("CONSOLE")).reduce("", (a, b) -> a + b + "\n");
        assertEquals("", messages, "the page logged to the console");
        assertTrue(dom.contains("<div id=\"errors\" hidden=\"\"></div>"), "the page's own error box is empty and hidden");

        List<String> ids = new ArrayList<>();
        JSON.readTree(between(dom, "<script type=\"application/json\" id=\"charts\">", "</script>").replace("<\\/", "</"))
                .forEach(c -> ids.add(c.path("id").asText()));
        // throughput, latency x2, CPU x2, syscalls; explain: 2 summaries + 1 per model
        assertEquals(9, ids.size(), "charts: " + ids);
        for (String id : ids) {
            String plot = between(dom, "id=\"" + id + "\"", "</figure>");
            assertTrue(plot.contains("<svg"), id + " has no SVG: " + plot.substring(0, Math.min(300, plot.length())));
            int paths = count(plot, "<path");
            assertTrue(paths >= 8, id + " drew only " + paths + " paths");
        }
        for (int i = 0; i < results.path("runs").size(); i++) {
            assertTrue(dom.contains("data-json=\"/runs/" + i + "/msgs_per_s\""), "run " + i + "'s msgs/s is in the page");
        }
        int checked = checkNumbers(dom, results);
        assertTrue(checked >= 4 * 13, "numbers checked: " + checked);
        assertTrue(dom.contains("explain epoll</h2>"), "epoll's explain figure in a section of its own");
        for (JsonNode run : results.path("runs")) {
            assertTrue(dom.contains(run.path("target").asText()), run.path("target").asText());
        }
        assertTrue(dom.contains(results.path("run").path("machine").path("kernel").asText()), "the kernel is stated");

        Path png = dir.resolve("report.png");
        chromium(dir, console, "--screenshot=" + png, out.resolve("report.html"));
        BufferedImage image = ImageIO.read(png.toFile());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, "the screenshot has " + colours.size() + " colours");
    }

    /** Every number the page names the source of ({@code data-json}) is the one at that place in results.json, as rounded. */
    static int checkNumbers(String dom, JsonNode results) {
        Matcher m = Pattern.compile("data-json=\"([^\"]+)\">([^<]*)<").matcher(dom);
        int n = 0;
        while (m.find()) {
            JsonNode v = results.at(m.group(1));
            assertTrue(v.isNumber(), m.group(1) + " is not a number in results.json: " + v);
            String shown = m.group(2).replace(",", "");
            int dot = shown.indexOf('.');
            double step = dot < 0 ? 1 : Math.pow(10, -(shown.length() - dot - 1));
            assertTrue(Math.abs(Double.parseDouble(shown) - v.asDouble()) <= step / 2 + 1e-9,
                    m.group(1) + ": the page shows " + m.group(2) + ", results.json has " + v);
            n++;
        }
        return n;
    }

    private static String chromium(Path dir, Path console, String action, Path page) throws Exception {
        Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0", "--window-size=1280,4000",
                "--virtual-time-budget=5000", action, page.toUri().toString()))
                .redirectError(console.toFile()).start();
        String stdout = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium still running");
        assertEquals(0, p.exitValue(), "chromium's exit status; " + Files.readString(console));
        return stdout;
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        assertTrue(a >= 0, "no " + from);
        int b = s.indexOf(to, a + from.length());
        assertTrue(b >= 0, "no " + to + " after " + from);
        return s.substring(a + from.length(), b);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void theClaimsScenarioSettlesEachClaimWithItsNumbersAndItsPageDrawsTheirCharts(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) || "true".equals(System.getenv("CI")), "chromium is not installed (apt-get install chromium)");
        Path out = dir.resolve("claims");
        StringWriter table = new StringWriter();
        int code = CliProcess.runInProcess(table, "bench", "--scenario", "claims", "--claims", "2,9,10", "--out", out.toString());
        assertEquals(0, code, table.toString());
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        JsonNode claims = results.path("claims");
        assertEquals(3, claims.size(), claims.toString());
        JsonNode limit = claims.get(0);
        assertEquals(2, limit.path("n").asInt());
        assertTrue(limit.path("held").asBoolean(), "select's limit: " + limit);
        assertTrue(limit.path("numbers").path("select connections served of 1100").asDouble() < 1024, limit.toString());
        assertEquals(1100, limit.path("numbers").path("epoll connections served of 1100").asInt(), limit.toString());
        JsonNode polling = claims.get(1);
        assertTrue(polling.path("numbers").path("nonblocking EAGAIN/msg").asDouble() >= 1, polling.toString());
        assertEquals(0, polling.path("numbers").path("epoll EAGAIN/msg").asDouble(), polling.toString());
        JsonNode async = claims.get(2);
        assertEquals(0, async.path("numbers").path("io_uring copy µs/msg").asDouble(), "io_uring's process made no copy call: " + async);
        for (JsonNode c : claims) {
            assertTrue(c.path("why").asText().length() > 40 && c.path("command").asText().startsWith("./iomodels "), c.toString());
            assertTrue(table.toString().contains(c.path("claim").asText()), table.toString());
        }
        Path console = dir.resolve("console.txt");
        String dom = chromium(dir, console, "--dump-dom", out.resolve("report.html"));
        assertEquals("", Files.readString(console).lines().filter(l -> l.contains("CONSOLE")).reduce("", (a, b) -> a + b + "\n"));
        for (String id : List.of("chart1", "chart2", "chart3")) {
            assertTrue(count(between(dom, "id=\"" + id + "\"", "</figure>"), "<path") >= 8, id + " drawn");
        }
        assertTrue(checkNumbers(dom, results) >= 10, "the claims' numbers are in the page");
        assertTrue(dom.contains("Claim 9: non-blocking polling wastes calls"), "a section per claim");
    }

    @Test
    void badClaimNumbersAreRefusedByName() {
        CliProcess.Result r = CliProcess.runCapturing("bench", "--scenario", "claims", "--claims", "11");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--claims 11: there is no claim 11 (1 to 10)"), r.err());
        CliProcess.Result x = CliProcess.runCapturing("bench", "--scenario", "claims", "--claims", "2,x");
        assertEquals(2, x.code());
        assertTrue(x.err().contains("'x' is not a claim's number"), x.err());
    }

    @Test
    void reportDrawsAnOldRunsPageAndListsAFailedRunWithItsReason(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("old");
        Files.createDirectories(run);
        String json = Files.readString(Path.of("..", "docs", "bench", "echo", "results.json"));
        json = json.replaceFirst("\"skip\":null", "\"skip\":\"failed: the server did not say it was listening within 20 s\"");
        Files.writeString(run.resolve("results.json"), json);
        CliProcess.Result r = CliProcess.runCapturing("report", run.toString());
        assertEquals(0, r.code(), r.err());
        String page = Files.readString(run.resolve("report.html"));
        String failed = between(page, "Failed or skipped runs</h2>", "</section>");
        assertTrue(failed.contains("failed: the server did not say it was listening within 20 s"), failed);
        assertFalse(page.contains("http://") && page.contains("<script src="), "no script from the network");
        checkNumbers(page, JSON.readTree(json));
    }

    @Test
    void reportRefusesAMalformedResultsFileWithExitTwoSayingWhatIsWrong(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("results.json"), "{\"config\": {\"scenario\": \"echo\"},\n \"runs\": [ {\"target\": \"epoll\",, } ]}\n");
        CliProcess.Result bad = CliProcess.runCapturing("report", dir.toString());
        assertEquals(2, bad.code(), bad.out());
        assertTrue(bad.err().contains("results.json: not valid JSON") && bad.err().contains("line 2"), bad.err());
        Files.writeString(dir.resolve("results.json"), "{\"config\": {\"scenario\": \"echo\"}}");
        CliProcess.Result noRuns = CliProcess.runCapturing("report", dir.toString());
        assertEquals(2, noRuns.code());
        assertTrue(noRuns.err().contains("it lacks a \"runs\" array"), noRuns.err());
        Files.delete(dir.resolve("results.json"));
        CliProcess.Result none = CliProcess.runCapturing("report", dir.toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no such file"), none.err());
        assertFalse(Files.exists(dir.resolve("report.html")), "nothing written");
    }
}
