package org.iomodels.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.iomodels.crawl.Crawler;
import org.iomodels.crawl.PageResult;

/**
 * What {@code crawl} prints as it goes: the seed's lines on stdout ({@code GET url},
 * {@code recv bytes N from url}, or the error), notes on stderr, a progress bar on stderr
 * ({@link ProgressBar}: redrawn in place on a terminal, a plain line every 5 s elsewhere), and with {@code --out} one JSON line per URL.
 */
final class CrawlOutput implements Crawler.Listener, AutoCloseable {
    private final PrintWriter lines;
    private final PrintWriter err;
    private final BufferedWriter jsonLines;
    private final ProgressBar bar;
    private long started;
    private long done;
    private boolean recording = true;

    /** {@code lines} null: none (--json); {@code out} null: no JSON lines. */
    CrawlOutput(PrintWriter lines, PrintWriter err, Path out) throws IOException {
        this.lines = lines;
        this.err = err;
        this.bar = new ProgressBar(err, "crawl", true);
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

    /** The bar: pages done of those started so far (the frontier grows as links are found). */
    private void progress() {
        bar.update(done, started, null);
    }

    private void clearProgress() {
        bar.clear();
    }

    @Override
    public void close() throws IOException {
        bar.finish(done, started, null);
        if (jsonLines != null) {
            jsonLines.close();
        }
    }
}
