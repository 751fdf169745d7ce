package org.iomodels.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.iomodels.crawl.Crawler;
import org.iomodels.crawl.PageResult;

/**
 * What {@code crawl} prints as it goes: the seed's lines on stdout ({@code GET url},
 * {@code recv bytes N from url}, or the error), notes on stderr, a progress line on stderr
 * redrawn in place when stderr is a terminal, and with {@code --out} one JSON line per URL.
 */
final class CrawlOutput implements Crawler.Listener, AutoCloseable {
    private final PrintWriter lines;
    private final PrintWriter err;
    private final BufferedWriter jsonLines;
    private final boolean terminal = System.console() != null && System.console().isTerminal();
    private long started;
    private long done;
    private long lastDraw;
    private boolean drawn;
    private boolean recording = true;

    /** {@code lines} null: none (--json); {@code out} null: no JSON lines. */
    CrawlOutput(PrintWriter lines, PrintWriter err, Path out) throws IOException {
        this.lines = lines;
        this.err = err;
        try {
            this.jsonLines = out == null ? null : Files.newBufferedWriter(out);
        } catch (IOException e) {
            throw CrawlCommand.cannotWrite(out, e);
        }
    }

    @Override
    public void started(URI url, int attempt) {
        started++;
        line(attempt == 0 ? "GET " + url : "GET " + url + " (attempt " + (attempt + 1) + ")");
    }

    @Override
    public void page(PageResult r) {
        done++;
        if (r.error() != null && !r.responded()) {
            line("error " + r.url() + ": " + r.errorKind() + ": " + r.error());
        } else {
            String extra = r.status() == 200 ? "" : r.error() != null ? " (" + r.error() + ")" : " (HTTP " + r.status() + ")";
            line("recv bytes " + r.bytes() + " from " + r.url() + extra);
        }
        if (jsonLines != null && recording) {
            try {
                jsonLines.write(r.toJson());
                jsonLines.newLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write --out: " + e.getMessage(), e);
            }
        }
        progress();
    }

    @Override
    public void note(String line) {
        clearProgress();
        err.println(line);
        err.flush();
    }

    /** Whether {@code --out} gets this crawl's lines ({@code --compare}'s sequential pass does not). */
    void recording(boolean on) {
        recording = on;
    }

    /** A line on stdout (nothing with --json), the progress line kept below it. */
    void line(String s) {
        if (lines != null) {
            clearProgress();
            lines.println(s);
            lines.flush();
        }
        progress();
    }

    private void progress() {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L && drawn) {
            return;
        }
        lastDraw = now;
        err.printf(Locale.ROOT, "\r\033[Kcrawl: %d done, %d started", done, started);
        err.flush();
        drawn = true;
    }

    private void clearProgress() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }

    @Override
    public void close() throws IOException {
        clearProgress();
        if (jsonLines != null) {
            jsonLines.close();
        }
    }
}
