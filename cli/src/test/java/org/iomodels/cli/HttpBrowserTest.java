package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iomodels.engine.Engines;
import org.iomodels.server.IoModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real browser on every model: headless Chromium loads a page from {@code serve --protocol http
 * --root}, with its stylesheet and script (static files, sent with zero copy), and the script
 * fetches {@code /json}; the DOM it prints after running shows both worked.
 */
@Timeout(120)
class HttpBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    static Path dir;

    @BeforeAll
    static void page() throws Exception {
        Files.writeString(dir.resolve("index.html"), "<!doctype html><html><head><title>t</title>"
                + "<link rel=\"stylesheet\" href=\"style.css\"><script src=\"app.js\"></script></head>"
                + "<body><p id=\"m\">waiting</p><p id=\"s\">no script</p></body></html>");
        Files.writeString(dir.resolve("style.css"), "p { color: teal }");
        Files.writeString(dir.resolve("app.js"), """
                document.addEventListener('DOMContentLoaded', () => {
                  document.getElementById('s').textContent = 'script ran';
                  fetch('/json').then(r => r.json()).then(j => { document.getElementById('m').textContent = j.message; });
                });
                """);
    }

    /** The models of the default run, one of each accept path's kind (as FdExhaustionTest's); -Psoak runs all (4-5 s each). */
    private static final java.util.Set<IoModel> DEFAULT_RUN = java.util.EnumSet.of(IoModel.BLOCKING, IoModel.NONBLOCKING, IoModel.EPOLL,
            IoModel.IO_URING, IoModel.JDK_NIO, IoModel.GREEN);

    @ParameterizedTest
    @EnumSource(IoModel.class)
    void chromiumRendersAPageItsScriptAndAFetch(IoModel model) throws Exception {
        assumeTrue(DEFAULT_RUN.contains(model) || Boolean.getBoolean("iomodels.soak"),
                model.cliName() + ": in the soak run only (./mvnw -pl cli test -Psoak -Dtest=HttpBrowserTest)");
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed (apt-get install chromium)");
        assumeTrue(Engines.isSupported(model), () -> model + ": " + Engines.unsupportedReason(model));
        Process server = CliProcess.builder("serve", "--model", model.cliName(), "--protocol", "http", "--port", "0",
                "--root", dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            var stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String first = stdout.readLine();
            assertTrue(first != null && first.startsWith("listening on 127.0.0.1:"), first);
            String url = "http://127.0.0.1:" + first.replaceAll(".*:(\\d+) .*", "$1") + "/";
            String dom = dumpDom(url, Files.createTempDirectory(dir, "profile"));
            assertTrue(dom.contains("<p id=\"s\">script ran</p>"), "the script file loaded and ran: " + dom);
            assertTrue(dom.contains("<p id=\"m\">Hello, World!</p>"), "the fetch of /json answered: " + dom);
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The DOM after the page's scripts ran, as Chromium prints it (flags as a root, offline machine needs them). */
    private static String dumpDom(String url, Path profile) throws Exception {
        Process chromium = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", url))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(chromium.waitFor(60, TimeUnit.SECONDS), "chromium still running");
        assertEquals(0, chromium.exitValue(), "chromium's exit status");
        return dom;
    }
}
