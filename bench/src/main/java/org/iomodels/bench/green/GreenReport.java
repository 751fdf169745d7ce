package org.iomodels.bench.green;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The green scenario's table, results.json and results.csv. */
public final class GreenReport {
    private final Map<String, Map<String, List<Double>>> values;
    private final int repeat;
    private final String peerVersions;

    /** @param peerVersions e.g. "greenlet 2.0.2, gevent 22.10.2", or null when the peer was not measured */
    public GreenReport(Map<String, Map<String, List<Double>>> values, int repeat, String peerVersions) {
        this.values = values;
        this.repeat = repeat;
        this.peerVersions = peerVersions;
    }

    public String table() {
        StringBuilder t = new StringBuilder();
        t.append("scenario green: medians of ").append(repeat).append(" runs [min-max], each a fresh process");
        if (peerVersions != null) {
            t.append("; peer: ").append(peerVersions).append("; x = iomodels over gevent, above 1 is better");
        }
        t.append('\n');
        t.append(String.format(Locale.ROOT, "%-48s %-30s %-30s %s%n", "figure", GreenBench.OURS,
                peerVersions != null ? GreenBench.PEER : "", peerVersions != null ? "x" : ""));
        for (GreenBench.Figure f : GreenBench.FIGURES) {
            Map<String, List<Double>> byTarget = values.get(f.probe());
            if (byTarget == null) {
                continue;
            }
            List<Double> ours = byTarget.get(GreenBench.OURS);
            List<Double> peer = byTarget.get(GreenBench.PEER);
            String ratio = "";
            if (peer != null) {
                double a = GreenBench.median(ours);
                double b = GreenBench.median(peer);
                ratio = Double.isNaN(a) || Double.isNaN(b) ? "-" : String.format(Locale.ROOT, "%.2f", f.higherIsBetter() ? a / b : b / a);
            }
            t.append(String.format(Locale.ROOT, "%-48s %-30s %-30s %s%n", f.label(), cell(ours), peer == null ? "" : cell(peer), ratio));
        }
        return t.toString();
    }

    private static String cell(List<Double> v) {
        List<Double> ok = v.stream().filter(d -> !d.isNaN()).sorted().toList();
        if (ok.isEmpty()) {
            return "failed";
        }
        return GreenBench.format(GreenBench.median(v)) + " [" + GreenBench.format(ok.getFirst()) + "-"
                + GreenBench.format(ok.getLast()) + "]";
    }

    /** Writes results.json and results.csv into {@code out}; returns their paths. */
    public List<Path> write(Path out) throws IOException {
        Files.createDirectories(out);
        StringBuilder json = new StringBuilder("{\"scenario\":\"green\",\"repeat\":").append(repeat);
        json.append(",\"peer\":").append(peerVersions == null ? "null" : "\"" + peerVersions + "\"").append(",\"figures\":[");
        StringBuilder csv = new StringBuilder("figure,target,run,value\n");
        List<String> entries = new ArrayList<>();
        for (GreenBench.Figure f : GreenBench.FIGURES) {
            Map<String, List<Double>> byTarget = values.get(f.probe());
            if (byTarget == null) {
                continue;
            }
            for (Map.Entry<String, List<Double>> e : byTarget.entrySet()) {
                List<Double> v = e.getValue();
                StringBuilder runs = new StringBuilder();
                for (int i = 0; i < v.size(); i++) {
                    runs.append(i == 0 ? "" : ",").append(number(v.get(i)));
                    csv.append(f.probe()).append(',').append(e.getKey()).append(',').append(i + 1).append(',')
                            .append(number(v.get(i))).append('\n');
                }
                entries.add("{\"figure\":\"" + f.probe() + "\",\"label\":\"" + f.label() + "\",\"target\":\"" + e.getKey()
                        + "\",\"higherIsBetter\":" + f.higherIsBetter() + ",\"median\":" + number(GreenBench.median(v))
                        + ",\"runs\":[" + runs + "]}");
            }
        }
        json.append(String.join(",", entries)).append("]}\n");
        Path j = out.resolve("results.json");
        Path c = out.resolve("results.csv");
        Files.writeString(j, json);
        Files.writeString(c, csv);
        return List.of(j, c);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "null" : Double.toString(v);
    }
}
