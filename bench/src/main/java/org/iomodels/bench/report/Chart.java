package org.iomodels.bench.report;

import java.util.List;

/**
 * One chart of the report, as data: the page's script ({@code report.js}) hands it to ECharts.
 * Missing values are null, never NaN (which JSON cannot carry).
 *
 * @param id         the element it is drawn into
 * @param kind       {@code bar}, {@code stack} (stacked bars), {@code line} (categories along x) or
 *                   {@code percentile} (latency against HdrHistogram's percentile axis: each
 *                   series' points are {@code [percentile, µs]})
 * @param categories the x axis of bar, stack and line charts
 * @param yLog       a logarithmic y axis (figures that span decades)
 * @param note       one line under the chart saying how to read it, or null
 */
public record Chart(String id, String title, String kind, String xName, String yName, List<String> categories,
                    List<Series> series, boolean yLog, String note) {
    /**
     * One series: {@code data} per category (bar, stack, line) or {@code points} (percentile);
     * {@code tips}, per category, the tooltip's extra line (a ratio to the baseline, a min-max).
     */
    public record Series(String name, List<Double> data, List<String> tips, List<List<Double>> points) {
        public static Series of(String name, List<Double> data, List<String> tips) {
            return new Series(name, data, tips, null);
        }

        public static Series points(String name, List<List<Double>> points) {
            return new Series(name, null, null, points);
        }
    }

    /** A value fit for JSON: null for NaN or infinity. */
    public static Double value(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    /** Values fit for JSON, in order (a list that may hold nulls). */
    public static List<Double> values(double... v) {
        List<Double> out = new java.util.ArrayList<>(v.length);
        for (double d : v) {
            out.add(value(d));
        }
        return out;
    }
}
