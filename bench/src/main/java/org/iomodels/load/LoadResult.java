package org.iomodels.load;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What a load run measured: messages echoed and verified in the measured window, their latency
 * distribution (nanoseconds), and every error. {@code totalMsgs} includes the warm-up, so a
 * server's own counters over its whole life can be divided by it.
 *
 * @param outstanding messages fully sent and not (completely) echoed at the end
 * @param scheduled   messages queued (closed loop) or due by the clock (open loop) over the run, warm-up included
 * @param sent        messages fully written over the run: an open loop that could not keep its
 *                    schedule has sent fewer than were due ({@link #behind})
 */
public record LoadResult(LoadConfig config, int connected, long msgs, long totalMsgs, long outstanding,
                         long scheduled, long sent, double seconds, Histogram latency, LoadErrors errors) {
    /** The percentiles reported, as HdrHistogram takes them. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    public double msgsPerSecond() {
        return seconds > 0 ? msgs / seconds : 0;
    }

    /** Payload bytes per second in each direction. */
    public double bytesPerSecond() {
        return msgsPerSecond() * config.size();
    }

    /** Latency at percentile {@code p} in microseconds (0 when nothing was measured). */
    public double latencyMicros(double p) {
        return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(p) / 1000.0;
    }

    public double maxLatencyMicros() {
        return latency.getTotalCount() == 0 ? 0 : latency.getMaxValue() / 1000.0;
    }

    /**
     * Whether errors were met. An open loop that fell {@link #behind} is not one: the load could not
     * keep its own schedule, which says nothing against the server (every byte it echoed was right).
     */
    public boolean ok() {
        return errors.total() == 0;
    }

    /**
     * Open loop only: whether the load fell behind its schedule, more messages due than sent at the
     * end (beyond one per connection or 1% of those due, which a turn of the loop may still hold).
     */
    public boolean behind() {
        return config.openLoop() && scheduled - sent > Math.max(config.conns(), scheduled / 100);
    }

    /** A few human lines. */
    public String toText() {
        LoadConfig c = config;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "load %s:%d  %d conns%s  %d B  %s  %.1f s measured after %.1f s warm-up, %d thread%s%n",
                c.target().getHostString(), c.target().getPort(), c.conns(),
                c.idle() > 0 ? " + " + c.idle() + " idle" : "", c.size(),
                c.openLoop() ? String.format(Locale.ROOT, "open loop at %.0f msgs/s", c.rate())
                        : "closed loop, pipeline " + c.pipeline(),
                seconds, c.warmup(), c.threads(), c.threads() == 1 ? "" : "s"));
        s.append(String.format(Locale.ROOT, "  msgs/s   %,.0f   (%,d msgs, %s/s each way)%n",
                msgsPerSecond(), msgs, human(bytesPerSecond())));
        s.append("  latency  ");
        for (double p : PERCENTILES) {
            s.append(String.format(Locale.ROOT, "p%s %s  ", trim(p), micros(latencyMicros(p))));
        }
        s.append("max ").append(micros(maxLatencyMicros())).append(System.lineSeparator());
        if (behind()) {
            s.append(String.format(Locale.ROOT, "  behind   the load fell behind its schedule: sent %,d of %,d messages due (%.0f%% of the asked rate),%n",
                    sent, scheduled, 100.0 * sent / scheduled));
            s.append(String.format(Locale.ROOT, "           and the server echoed all of them%s: the asked rate is more than this%n"
                    + "           load and server reach together, not a server failure; latency counts from each message's due%n"
                    + "           time, so it includes the wait in the load's backlog%n",
                    outstanding == 0 ? "" : String.format(Locale.ROOT, " but %,d in flight at the end", outstanding)));
        } else if (outstanding > 0) {
            s.append(String.format(Locale.ROOT, "  unanswered at the end: %,d msgs%n", outstanding));
        }
        s.append(String.format(Locale.ROOT, "  errors   %d (connect %d, corrupt %d, lost %d)%n",
                errors.total(), errors.connect(), errors.corrupt(), errors.lost()));
        for (String e : errors.first()) {
            s.append("    ").append(e).append(System.lineSeparator());
        }
        return s.toString();
    }

    /** One JSON object (no library needed: every value is a number or an escaped string). */
    public String toJson() {
        LoadConfig c = config;
        StringBuilder s = new StringBuilder("{");
        s.append(String.format(Locale.ROOT,
                "\"host\":\"%s\",\"port\":%d,\"conns\":%d,\"idle\":%d,\"connected\":%d,\"size\":%d,"
                        + "\"pipeline\":%d,\"rate\":%s,\"warmup_s\":%s,\"duration_s\":%s,\"threads\":%d,"
                        + "\"msgs\":%d,\"total_msgs\":%d,\"outstanding\":%d,\"scheduled\":%d,\"sent\":%d,\"behind\":%b,"
                        + "\"msgs_per_s\":%.1f,\"bytes_per_s\":%.1f,",
                c.target().getHostString(), c.target().getPort(), c.conns(), c.idle(), connected, c.size(),
                c.pipeline(), num(c.rate()), num(c.warmup()), num(seconds), c.threads(),
                msgs, totalMsgs, outstanding, scheduled, sent, behind(), msgsPerSecond(), bytesPerSecond()));
        s.append("\"latency_us\":{");
        for (double p : PERCENTILES) {
            s.append(String.format(Locale.ROOT, "\"p%s\":%.1f,", trim(p), latencyMicros(p)));
        }
        s.append(String.format(Locale.ROOT, "\"max\":%.1f,\"mean\":%.1f},", maxLatencyMicros(),
                latency.getTotalCount() == 0 ? 0 : latency.getMean() / 1000.0));
        s.append("\"distribution\":").append(distribution()).append(',');
        s.append(String.format(Locale.ROOT, "\"errors\":{\"total\":%d,\"connect\":%d,\"corrupt\":%d,\"lost\":%d,\"first\":[",
                errors.total(), errors.connect(), errors.corrupt(), errors.lost()));
        String sep = "";
        for (String e : errors.first()) {
            s.append(sep).append(quote(e));
            sep = ",";
        }
        return s.append("]}}").toString();
    }

    /** Percentiles HdrHistogram-style, finer towards the tail (50, 75, 87.5, ... 99.9, ...): the report's percentile axis. */
    static final double[] DISTRIBUTION = {0, 50, 75, 87.5, 93.75, 96.875, 98.4375, 99.21875, 99.609375, 99.8046875, 99.90234375,
        99.951171875, 99.9755859375, 99.98779296875, 99.993896484375, 100};

    /** {@code [[percentile, µs], ...]} at {@link #DISTRIBUTION}; {@code []} when nothing was recorded. */
    String distribution() {
        if (latency.getTotalCount() == 0) {
            return "[]";
        }
        StringBuilder s = new StringBuilder("[");
        for (double p : DISTRIBUTION) {
            s.append(s.length() > 1 ? "," : "").append(String.format(Locale.ROOT, "[%s,%.1f]", trim(p), latencyMicros(p)));
        }
        return s.append(']').toString();
    }

    static String trim(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static String micros(double us) {
        if (us >= 10_000) {
            return String.format(Locale.ROOT, "%.1fms", us / 1000);
        }
        return String.format(Locale.ROOT, us >= 100 ? "%.0fus" : "%.1fus", us);
    }

    public static String human(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB"};
        int u = 0;
        while (bytes >= 1024 && u < units.length - 1) {
            bytes /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", bytes, units[u]);
    }

    public static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                default -> {
                    if (ch < 0x20) {
                        q.append(String.format("\\u%04x", (int) ch));
                    } else {
                        q.append(ch);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
