package org.iomodels.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The seeds' claims, each as {@code bench --scenario claims} settled it: the claim, whether it
 * held here, why (with the numbers), the chart and the command that measures it again.
 */
final class ClaimSections {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode root;
    private final Page page;

    ClaimSections(JsonNode root, Page page) {
        this.root = root;
        this.page = page;
    }

    void write() {
        Page.Section summary = page.section("The seeds' claims: did they hold here?");
        summary.html(Html.head(List.of("claim", "verdict", "why")));
        JsonNode claims = root.path("claims");
        for (JsonNode c : claims) {
            summary.html("<tr><td>" + c.path("n").asInt() + ". " + Html.esc(c.path("claim").asText()) + "</td>" + verdict(c) + Html.td(
                    c.path("why").asText(c.path("error").asText(""))) + "</tr>\n");
        }
        summary.html(Html.end());
        for (int i = 0; i < claims.size(); i++) {
            JsonNode c = claims.get(i);
            Page.Section s = page.section("Claim " + c.path("n").asInt() + ": " + c.path("claim").asText());
            s.html("<p class=\"verdict\">" + verdict(c).replace("<td", "<span").replace("</td>", "</span>") + " " + Html.esc(c.path("why")
                    .asText(c.path("error").asText(""))) + "</p>\n");
            s.html(Html.p("measured: " + c.path("measured").asText()));
            s.html("<p>command: <code>" + Html.esc(c.path("command").asText()) + "</code></p>\n");
            if (c.path("chart").isObject()) {
                page.add(s, chart(c.path("chart")));
            }
            JsonNode numbers = c.path("numbers");
            if (numbers.isObject() && !numbers.isEmpty()) {
                s.html(Html.head(List.of("figure", "value")));
                for (Iterator<Map.Entry<String, JsonNode>> it = numbers.fields(); it.hasNext(); ) {
                    String key = it.next().getKey();
                    s.html("<tr>" + Html.td(key) + Html.cell(root, "/claims/" + i + "/numbers/" + key.replace("~", "~0").replace("/", "~1"))
                            + "</tr>\n");
                }
                s.html(Html.end());
            }
        }
    }

    private static String verdict(JsonNode c) {
        JsonNode held = c.path("held");
        String word = c.path("verdict").asText(held.isBoolean() ? (held.asBoolean() ? "held" : "did not hold") : "not measured");
        String cls = word.equals("held in part") ? "partly" : held.isBoolean() ? (held.asBoolean() ? "held" : "failed") : "unknown";
        return "<td class=\"" + cls + "\">" + Html.esc(word) + "</td>";
    }

    /** The claim's chart as its run wrote it, given this page's id. */
    private Chart chart(JsonNode node) {
        try {
            Chart c = JSON.treeToValue(node, Chart.class);
            return new Chart(page.chartId(), c.title(), c.kind(), c.xName(), c.yName(), c.categories(), c.series(), c.yLog(), c.note());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("claim chart: " + e.getOriginalMessage(), e);
        }
    }
}
