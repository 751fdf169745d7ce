package org.iomodels.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code wrk --latency} run printed (wrk 4.x's summary, {@code src/wrk.c}): requests
 * completed, requests and bytes per second, the latency distribution and maximum, and the errors
 * wrk counts. Latencies are in microseconds. wrk prints error lines only when a count is not zero,
 * so an absent line means zero.
 *
 * <p>wrk prints a percentile as {@code 0.00us} when no request completed, and when its
 * coordinated-omission correction puts samples below the recorded minimum, which pipelining does
 * (it times a whole batch but corrects as if per request: wg/wrk#236); such a percentile is NaN
 * here, never a latency of zero.
 *
 * @param seconds  how long wrk ran, by its own clock
 * @param p50      and p75, p90, p99: the latency distribution
 * @param non2xx   responses whose status was not 2xx or 3xx
 */
record WrkOutput(long requests, double seconds, double requestsPerSec, double bytesPerSec,
                 double p50, double p75, double p90, double p99, double max,
                 long connectErrors, long readErrors, long writeErrors, long timeouts, long non2xx) {
    /** No figures: wrk printed no summary. */
    static final WrkOutput NONE = new WrkOutput(0, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, 0, 0);

    private static final String TIME = "([0-9.]+)(us|ms|s|m|h)";
    private static final String SIZE = "([0-9.]+)([KMGTP]?)B";
    private static final Pattern RATE = Pattern.compile("(?m)^Requests/sec:\\s+([0-9.]+)\\s*$");
    private static final Pattern TRANSFER = Pattern.compile("(?m)^Transfer/sec:\\s+" + SIZE + "\\s*$");
    private static final Pattern TOTAL = Pattern.compile("(?m)^\\s+(\\d+) requests in " + TIME + ", " + SIZE + " read\\s*$");
    private static final Pattern LATENCY = Pattern.compile("(?m)^\\s+Latency\\s+\\S+\\s+\\S+\\s+" + TIME + "\\s");
    private static final Pattern PERCENTILE = Pattern.compile("(?m)^\\s+(50|75|90|99)%\\s+" + TIME + "\\s*$");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("(?m)^\\s+Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)\\s*$");
    private static final Pattern NON_2XX = Pattern.compile("(?m)^\\s+Non-2xx or 3xx responses: (\\d+)\\s*$");

    /** Parses wrk's stdout; output without a summary (wrk failed early) is an IllegalArgumentException quoting it. */
    static WrkOutput parse(String stdout) {
        Matcher rate = RATE.matcher(stdout);
        Matcher total = TOTAL.matcher(stdout);
        if (!rate.find() || !total.find()) {
            throw new IllegalArgumentException("wrk printed no summary: " + (stdout.isBlank() ? "(nothing)" : stdout.strip()));
        }
        Matcher transfer = TRANSFER.matcher(stdout);
        double bytesPerSec = transfer.find() ? bytes(transfer.group(1), transfer.group(2)) : Double.NaN;
        double[] pct = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        long requests = Long.parseLong(total.group(1));
        for (Matcher m = PERCENTILE.matcher(stdout); m.find(); ) {
            double us = micros(m.group(2), m.group(3));
            int at = switch (m.group(1)) { case "50" -> 0; case "75" -> 1; case "90" -> 2; default -> 3; };
            pct[at] = us == 0 ? Double.NaN : us; // no request, or wg/wrk#236 (see the class comment): no request takes 0 us
        }
        Matcher latency = LATENCY.matcher(stdout);
        double max = latency.find() && requests > 0 ? micros(latency.group(1), latency.group(2)) : Double.NaN;
        long[] socket = {0, 0, 0, 0};
        Matcher errors = SOCKET_ERRORS.matcher(stdout);
        if (errors.find()) {
            for (int i = 0; i < 4; i++) {
                socket[i] = Long.parseLong(errors.group(i + 1));
            }
        }
        Matcher non2xx = NON_2XX.matcher(stdout);
        return new WrkOutput(requests, micros(total.group(2), total.group(3)) / 1e6, Double.parseDouble(rate.group(1)), bytesPerSec,
                pct[0], pct[1], pct[2], pct[3], max, socket[0], socket[1], socket[2], socket[3],
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0);
    }

    /** wrk's time units (format_time_us): us, ms, s, then m and h. */
    private static double micros(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "us" -> v;
            case "ms" -> v * 1e3;
            case "s" -> v * 1e6;
            case "m" -> v * 60e6;
            default -> v * 3600e6;
        };
    }

    /** wrk's byte units (format_binary): powers of 1024. */
    private static double bytes(String value, String prefix) {
        return Double.parseDouble(value) * Math.pow(1024, prefix.isEmpty() ? 0 : "KMGTP".indexOf(prefix) + 1);
    }

    long socketErrors() {
        return connectErrors + readErrors + writeErrors + timeouts;
    }

    /** What makes this run a failure, in one line, or null when every request got a 2xx or 3xx answer. */
    String failure() {
        List<String> why = new ArrayList<>();
        if (requests == 0) {
            why.add("no request completed");
        }
        if (socketErrors() > 0) {
            why.add(String.format(Locale.ROOT, "%d socket errors (connect %d, read %d, write %d, timeout %d)",
                    socketErrors(), connectErrors, readErrors, writeErrors, timeouts));
        }
        if (non2xx > 0) {
            why.add(non2xx + " responses not 2xx or 3xx");
        }
        return why.isEmpty() ? null : "wrk: " + String.join("; ", why);
    }
}
