package org.iomodels.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sections of the scenarios measured as named figures per target (green, processes, pool):
 * a chart per figure, iomodels beside its Python peer with the ratio on hover, and every figure's runs.
 */
final class FigureSections {
    private final JsonNode root;
    private final Page page;

    FigureSections(JsonNode root, Page page) {
        this.root = root;
        this.page = page;
    }

    void write() {
        JsonNode figures = root.path("figures");
        Map<String, List<Integer>> byFigure = new LinkedHashMap<>();
        for (int i = 0; i < figures.size(); i++) {
            byFigure.computeIfAbsent(figures.get(i).path("figure").asText(), k -> new ArrayList<>()).add(i);
        }
        Page.Section s = page.section(root.path("scenario").asText() + ": each figure, iomodels and its peer");
        if (root.hasNonNull("peer")) {
            s.html(Html.p("peer: " + root.path("peer").asText()));
        }
        for (List<Integer> rows : byFigure.values()) {
            JsonNode first = figures.get(rows.getFirst());
            boolean higher = first.path("higherIsBetter").asBoolean(true);
            List<String> targets = new ArrayList<>();
            List<Double> data = new ArrayList<>();
            List<String> tips = new ArrayList<>();
            double ref = first.path("median").asDouble(Double.NaN);
            for (int i : rows) {
                JsonNode f = figures.get(i);
                double m = f.path("median").asDouble(Double.NaN);
                targets.add(f.path("target").asText());
                data.add(Chart.value(m));
                List<Double> runs = new ArrayList<>();
                f.path("runs").forEach(r -> runs.add(r.asDouble(Double.NaN)));
                tips.add(String.format(Locale.ROOT, "%s x%s; %d runs, %s-%s", first.path("target").asText(),
                        Html.num(higher ? ref / m : m / ref), runs.size(), Html.num(Stats.min(runs)), Html.num(Stats.max(runs))));
            }
            page.add(s, new Chart(page.chartId(), first.path("label").asText(), "bar", "target", higher ? "higher is better" : "lower is better",
                    targets, List.of(Chart.Series.of("median", data, tips)), false, null));
        }
        Page.Section t = page.section("Every figure");
        t.html(Html.head(List.of("figure", "target", "median", "runs")));
        for (int i = 0; i < figures.size(); i++) {
            JsonNode f = figures.get(i);
            StringBuilder runs = new StringBuilder();
            for (int r = 0; r < f.path("runs").size(); r++) {
                runs.append(r == 0 ? "" : ", ").append("<span data-json=\"/figures/").append(i).append("/runs/").append(r).append("\">")
                        .append(Html.num(f.path("runs").get(r).asDouble(Double.NaN))).append("</span>");
            }
            t.html("<tr>" + Html.td(f.path("label").asText()) + Html.td(f.path("target").asText()) + Html.cell(root, "/figures/" + i + "/median")
                    + "<td class=\"n\">" + runs + "</td></tr>\n");
        }
        t.html(Html.end());
    }
}
