package org.iomodels.bench;

import java.io.PrintStream;

/**
 * The bench's progress: a bar redrawn in place on a terminal, one line per run otherwise (a log
 * file or CI gets readable lines, not carriage returns).
 */
final class Progress {
    private static final int WIDTH = 24;

    private final PrintStream out;
    private final int total;
    private final boolean terminal = System.console() != null && System.console().isTerminal();
    private final long started = System.nanoTime();
    private int done;

    Progress(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    void step(String target, int conns, int rep, int repeats) {
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        String line = String.format("[%s%s] %d/%d  %-16s conns=%-6d repeat %d/%d  %ds",
                "#".repeat(filled), ".".repeat(WIDTH - filled), done + 1, total, target, conns, rep, repeats,
                (System.nanoTime() - started) / 1_000_000_000L);
        if (terminal) {
            out.print("\r" + line + "   ");
        } else {
            out.println(line);
        }
        out.flush();
        done++;
    }

    /** A message that must not be overwritten by the bar. */
    void note(String message) {
        out.println((terminal ? "\n" : "") + "bench: " + message);
        out.flush();
    }

    void done() {
        if (terminal) {
            out.println();
        }
        out.flush();
    }
}
