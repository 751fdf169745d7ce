package org.iomodels.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Medians and latency distributions over a target's runs. */
final class Stats {
    private Stats() {}

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** The percentiles a run names, from the load's whole distribution, or else from the fields every run has. */
    private static final Map<String, Double> FIELDS = Map.of("p50_us", 50.0, "p75_us", 75.0, "p90_us", 90.0, "p99_us", 99.0,
            "p999_us", 99.9, "max_us", 100.0);

    /** A run's latency as {@code [percentile, µs]} points, in order of percentile. */
    static List<List<Double>> distribution(JsonNode run) {
        TreeMap<Double, Double> points = new TreeMap<>();
        JsonNode d = run.path("distribution");
        if (d.isArray() && !d.isEmpty()) {
            for (JsonNode p : d) {
                points.put(p.get(0).asDouble(), p.get(1).asDouble());
            }
        } else {
            FIELDS.forEach((field, p) -> {
                if (run.path(field).isNumber()) {
                    points.put(p, run.path(field).asDouble());
                }
            });
        }
        List<List<Double>> out = new ArrayList<>();
        points.forEach((p, us) -> out.add(List.of(p, us)));
        return out;
    }

    /** At each percentile that every run has, the median of the runs' values. */
    static List<List<Double>> medianPoints(List<List<List<Double>>> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        TreeMap<Double, List<Double>> at = new TreeMap<>();
        for (List<List<Double>> run : runs) {
            for (List<Double> point : run) {
                at.computeIfAbsent(point.get(0), k -> new ArrayList<>()).add(point.get(1));
            }
        }
        List<List<Double>> out = new ArrayList<>();
        at.forEach((p, values) -> {
            if (values.size() == runs.size()) {
                out.add(List.of(p, median(values)));
            }
        });
        return out;
    }
}
