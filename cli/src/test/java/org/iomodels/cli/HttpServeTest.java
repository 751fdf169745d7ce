package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --protocol http} as a user meets it, driven by curl — a client nobody here wrote:
 * the built-in routes, files with ranges, a traversal attempt, 100-continue, and the stats line.
 */
@Timeout(120)
class HttpServeTest {
    @TempDir
    Path dir;

    @Test
    void curlGetsRoutesFilesAndRefusalsThenTheServerStopsWithItsCounts() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed (apt-get install curl)");
        Path www = Files.createDirectories(dir.resolve("www"));
        byte[] blob = new byte[3 << 20];
        new Random(1).nextBytes(blob);
        Files.write(www.resolve("blob.bin"), blob);
        Files.writeString(www.resolve("index.html"), "<p>hi</p>");
        Files.writeString(dir.resolve("secret"), "no");
        Process server = CliProcess.builder("serve", "--model", "epoll", "--protocol", "http", "--port", "0",
                "--root", www.toString(), "--stats").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            var stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String first = stdout.readLine();
            assertTrue(first != null && first.startsWith("listening on 127.0.0.1:"), first);
            String base = "http://127.0.0.1:" + first.replaceAll(".*:(\\d+) .*", "$1");

            assertEquals("Hello, World!", curl("-s", base + "/plaintext"));
            assertEquals("{\"message\":\"Hello, World!\"}", curl("-s", base + "/json"));
            assertEquals("<p>hi</p>", curl("-s", base + "/"));
            Path copy = dir.resolve("copy");
            curl("-s", "-o", copy.toString(), base + "/blob.bin");
            assertArrayEquals(blob, Files.readAllBytes(copy));
            curl("-s", "-r", "100-199", "-o", copy.toString(), base + "/blob.bin");
            assertArrayEquals(java.util.Arrays.copyOfRange(blob, 100, 200), Files.readAllBytes(copy));
            assertEquals("400", curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "--path-as-is", base + "/../secret"));
            assertEquals("404", curl("-s", "-o", "/dev/null", "-w", "%{http_code}", base + "/nope"));
            Path upload = dir.resolve("upload");
            Files.write(upload, java.util.Arrays.copyOf(blob, 200_000));
            curl("-s", "-H", "Expect: 100-continue", "--data-binary", "@" + upload, "-o", copy.toString(), base + "/echo");
            assertArrayEquals(Files.readAllBytes(upload), Files.readAllBytes(copy));
            String stats = curl("-s", base + "/stats");
            assertTrue(stats.contains("\"model\":\"epoll\"") && stats.contains("\"requests\":9"), stats);

            CliProcess.signal(server, "TERM");
            assertEquals(0, CliProcess.exitCode(server, 5));
            String line = stdout.readLine();
            assertTrue(line != null && line.startsWith("stats model=epoll ") && line.endsWith(" requests=9"), line);
        } finally {
            server.destroyForcibly();
        }
    }

    private static String curl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("curl", "--max-time", "20"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "curl " + String.join(" ", args));
        return out;
    }

    @Test
    void badHttpOptionsAreUsageErrors() {
        String[][] cases = {
            {"serve", "--model", "epoll", "--protocol", "http", "--root", dir.resolve("missing").toString()},
            {"serve", "--model", "epoll", "--protocol", "echo", "--root", dir.toString()},
            {"serve", "--model", "epoll", "--protocol", "http", "--header-timeout", "0"},
            {"serve", "--model", "epoll", "--protocol", "http", "--max-body", "-1"},
        };
        for (String[] args : cases) {
            int code = CliProcess.runInProcess(new StringWriter(), args);
            assertEquals(2, code, String.join(" ", args));
        }
    }
}
