package org.iomodels.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar on stderr for the commands that take a while (explain --all, crawl, a pool's
 * map): on a terminal, one line redrawn in place at most ten times a second and erased before
 * other output ({@link #clear}); elsewhere (a log, CI) a plain line at each tenth of the work, or
 * every 5 s when the total is not known, so a log gets readable lines and no carriage returns.
 */
final class ProgressBar {
    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final String label;
    private final boolean terminal;
    private final LongSupplier clock;
    private final boolean openEnded;
    private final long started;
    private long lastDraw = Long.MIN_VALUE;
    private long lastLine;
    private int lastTenth = -1;
    private int plainLines;
    private boolean drawn;

    ProgressBar(PrintWriter err, String label) {
        this(err, label, false);
    }

    /** {@code openEnded}: the total grows as the work goes (a crawl's frontier), so plain lines come every 5 s, not at each tenth. */
    ProgressBar(PrintWriter err, String label, boolean openEnded) {
        this(err, label, openEnded, System.console() != null && System.console().isTerminal(), System::nanoTime);
    }

    ProgressBar(PrintWriter err, String label, boolean openEnded, boolean terminal, LongSupplier clock) {
        this.err = err;
        this.label = label;
        this.openEnded = openEnded;
        this.terminal = terminal;
        this.clock = clock;
        this.started = clock.getAsLong();
        this.lastLine = started;
    }

    /** {@code done} of {@code total} (total 0 or less: not known), {@code detail} after the figures (or null). */
    synchronized void update(long done, long total, String detail) {
        long now = clock.getAsLong();
        if (terminal) {
            if (drawn && now - lastDraw < 100_000_000L && done < total) {
                return;
            }
            lastDraw = now;
            err.print("\r\033[K" + text(done, total, detail, now));
            err.flush();
            drawn = true;
            return;
        }
        int tenth = total > 0 && !openEnded ? (int) (10 * done / total) : -1;
        boolean due = total > 0 && !openEnded ? tenth > lastTenth : now - lastLine >= 5_000_000_000L;
        if (due) {
            lastTenth = tenth;
            lastLine = now;
            plainLines++;
            err.println(text(done, total, detail, now));
            err.flush();
        }
    }

    /** Erases the bar (a terminal only) so a line of other output can be printed; the next update draws it again. */
    synchronized void clear() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }

    /**
     * The end: the bar erased on a terminal; elsewhere a last plain line if the last tenth was not
     * said (open-ended: if any line was, so a short crawl's log has none).
     */
    synchronized void finish(long done, long total, String detail) {
        if (terminal) {
            clear();
        } else if (openEnded ? plainLines > 0 : total <= 0 || 10 * done / total > lastTenth) {
            err.println(text(done, total, detail, clock.getAsLong()));
            err.flush();
        }
    }

    String text(long done, long total, String detail, long now) {
        double seconds = (now - started) / 1e9;
        StringBuilder s = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, WIDTH * done / total);
            s.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
            s.append(String.format(Locale.ROOT, "%d/%d", done, total));
        } else {
            s.append(done);
        }
        s.append(String.format(Locale.ROOT, ", %.1f s", seconds));
        if (detail != null && !detail.isEmpty()) {
            s.append(", ").append(detail);
        }
        return s.toString();
    }
}
