package org.iomodels.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The bench's progress: the plan announced first ({@code bench: 144 runs, about 21 min}), then a
 * bar with the runs done and an estimate of the time left, redrawn in place every second on a
 * terminal, one line per run otherwise (a log file or CI gets readable lines, not carriage
 * returns).
 *
 * <p>The estimate is the planned seconds of the runs left (their warm-up and measurement, 0 for a
 * run that will be skipped) plus, for each, the time a run took beyond its plan so far: starting
 * two JVMs, connecting, stopping. Until a run has finished, that overhead is a guess.
 */
final class Progress {
    private static final int WIDTH = 24;

    private final PrintStream out;
    private final int total;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long started;
    private final double overheadGuess;
    private int done;
    private double plannedLeft;
    private int realLeft;
    private double overheadSum;
    private int overheadRuns;
    private String current = "";
    private long runStarted;
    private double runPlanned;
    private Thread ticker;
    private int drawn;

    Progress(PrintStream out, int total, double overheadGuessSeconds) {
        this(out, total, overheadGuessSeconds, System.console() != null && System.console().isTerminal(), System::nanoTime);
    }

    Progress(PrintStream out, int total, double overheadGuessSeconds, boolean terminal, LongSupplier clock) {
        this.out = out;
        this.total = total;
        this.overheadGuess = overheadGuessSeconds;
        this.terminal = terminal;
        this.clock = clock;
        this.started = clock.getAsLong();
    }

    /** Says what is planned: {@code bench: 144 runs (9 skipped), about 21 min: 2 s warm-up + 5 s measured each, plus about 2 s to start and stop}. */
    synchronized void announce(long skipped, double plannedSeconds, double warmup, double measured) {
        plannedLeft = plannedSeconds;
        realLeft = (int) (total - skipped);
        out.printf(Locale.ROOT, "bench: %d run%s%s, about %s: %s s warm-up + %s s measured each, plus about %s s to start and stop%n",
                total, total == 1 ? "" : "s", skipped > 0 ? " (" + skipped + " skipped)" : "", duration(left()),
                num(warmup), num(measured), num(overheadGuess));
        out.flush();
        if (terminal && ticker == null) {
            ticker = Thread.ofPlatform().daemon().name("bench-progress").start(this::tick);
        }
    }

    /** A run begins, planned to take {@code plannedSeconds} (0: it will be skipped). */
    synchronized void start(String target, int conns, int rep, int repeats, double plannedSeconds) {
        current = String.format(Locale.ROOT, "%s conns=%d repeat %d/%d", target, conns, rep, repeats);
        runStarted = clock.getAsLong();
        runPlanned = plannedSeconds;
        draw(!terminal);
    }

    /** The run begun last has ended: its time beyond plan refines the estimate. */
    synchronized void finish() {
        done++;
        plannedLeft = Math.max(0, plannedLeft - runPlanned);
        if (runPlanned > 0) {
            realLeft--;
            overheadSum += Math.max(0, seconds(clock.getAsLong() - runStarted) - runPlanned);
            overheadRuns++;
        }
        runPlanned = 0;
        current = "";
        if (terminal) {
            draw(false);
        }
    }

    /** Seconds the runs not yet finished should still take. */
    synchronized double left() {
        double overhead = overheadRuns > 0 ? overheadSum / overheadRuns : overheadGuess;
        double inRun = runPlanned > 0 ? seconds(clock.getAsLong() - runStarted) : 0;
        return Math.max(0, plannedLeft + realLeft * overhead - inRun);
    }

    /** The bar: {@code [######..] 12/144 done  epoll conns=100 repeat 1/3  2 min elapsed, about 19 min left}. */
    synchronized String line() {
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "[%s%s] %d/%d done",
                "#".repeat(filled), ".".repeat(WIDTH - filled), done, total));
        if (!current.isEmpty()) {
            s.append("  ").append(current);
        }
        return s.append("  ").append(duration(seconds(clock.getAsLong() - started))).append(" elapsed, about ")
                .append(duration(left())).append(" left").toString();
    }

    /** A message that must not be overwritten by the bar. */
    synchronized void note(String message) {
        out.println((terminal ? "\n" : "") + "bench: " + message);
        out.flush();
    }

    synchronized void done() {
        if (ticker != null) {
            ticker.interrupt();
            ticker = null;
        }
        if (terminal) {
            out.println();
        }
        out.flush();
    }

    private void draw(boolean newLine) {
        if (terminal) {
            String text = line();
            out.print("\r" + text + " ".repeat(Math.max(0, drawn - text.length()))); // over all of the last one
            drawn = text.length();
        } else if (newLine) {
            out.println(line());
        }
        out.flush();
    }

    private void tick() {
        try {
            while (true) {
                Thread.sleep(1000);
                synchronized (this) {
                    if (ticker != Thread.currentThread()) {
                        return;
                    }
                    draw(false);
                }
            }
        } catch (InterruptedException e) {
            // done
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** {@code 45 s}, {@code 21 min}, {@code 2 h 05 min}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 90) {
            return s + " s";
        }
        long min = Math.round(seconds / 60);
        return min < 90 ? min + " min" : String.format(Locale.ROOT, "%d h %02d min", min / 60, min % 60);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
