package org.iomodels.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The crawl scenario's sections: seconds per mode against the ideal, and every run. */
final class CrawlSections {
    private final JsonNode root;
    private final Page page;

    CrawlSections(JsonNode root, Page page) {
        this.root = root;
        this.page = page;
    }

    void write() {
        Page.Section s = page.section("crawl: seconds per mode");
        s.html(Html.p(String.format(Locale.ROOT, "%d pages, each answer %d ms late, concurrency %d, %d per host; ideal %s s (the pages'"
                        + " latency divided by the concurrency the hosts allow); peer: %s", root.path("pages").asInt(),
                root.path("latency_ms").asInt(), root.path("concurrency").asInt(), root.path("per_host").asInt(),
                Html.num(root.path("ideal_seconds").asDouble()), root.path("python").asText("none"))));
        List<String> modes = new ArrayList<>();
        List<Double> data = new ArrayList<>();
        List<String> tips = new ArrayList<>();
        JsonNode targets = root.path("targets");
        double sequential = targets.path("sequential").path("median_seconds").asDouble(Double.NaN);
        for (Iterator<Map.Entry<String, JsonNode>> it = targets.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            double m = e.getValue().path("median_seconds").asDouble(Double.NaN);
            modes.add(e.getKey());
            data.add(Chart.value(m));
            tips.add(String.format(Locale.ROOT, "x%s faster than sequential, x%s the ideal", Html.num(sequential / m),
                    Html.num(m / root.path("ideal_seconds").asDouble(Double.NaN))));
        }
        page.add(s, new Chart(page.chartId(), "seconds to crawl the site", "bar", "mode", "s (log)", modes,
                List.of(Chart.Series.of("median seconds", data, tips)), true, "lower is better; hover: against sequential and the ideal"));
        Page.Section t = page.section("Every crawl");
        t.html(Html.head(List.of("mode", "run", "seconds", "first run of the JVM, s", "pages", "most in flight per host")));
        for (Iterator<Map.Entry<String, JsonNode>> it = targets.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String base = "/targets/" + e.getKey().replace("~", "~0").replace("/", "~1") + "/runs/";
            for (int r = 0; r < e.getValue().path("runs").size(); r++) {
                t.html("<tr>" + Html.td(e.getKey()) + Html.td(Integer.toString(r + 1)) + Html.cell(root, base + r + "/seconds")
                        + Html.cell(root, base + r + "/first_seconds") + Html.cell(root, base + r + "/pages")
                        + Html.cell(root, base + r + "/max_in_flight_per_host") + "</tr>\n");
            }
        }
        t.html(Html.end());
    }
}
