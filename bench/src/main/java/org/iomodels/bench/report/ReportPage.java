package org.iomodels.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code report.html}: one self-contained page of a bench run, drawn from its
 * {@code results.json}. The charts are Apache ECharts', its script and the charts' data inlined,
 * so the page works offline from {@code file://}; tables carry the numbers, each naming its place
 * in results.json ({@code data-json}).
 */
public final class ReportPage {
    static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.common.min.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportPage() {}

    /**
     * The page of {@code root} (a results.json); {@code table} the bench's stdout table when the
     * file does not hold it (older runs: their table.txt), or null.
     */
    public static String render(JsonNode root, String table) {
        Page page = new Page();
        String scenario = scenario(root);
        Page.Section run = page.section("This run");
        JsonNode info = root.path("run");
        run.html(Html.p("command: " + (info.hasNonNull("command") ? info.path("command").asText() : "not recorded in this results.json")));
        run.html(machine(root));
        switch (scenario) {
            case "echo", "idle", "memory", "http" -> new NetSections(root, page).write();
            case "green", "processes", "pool" -> new FigureSections(root, page).write();
            case "crawl" -> new CrawlSections(root, page).write();
            case "claims" -> new ClaimSections(root, page).write();
            default -> throw new IllegalArgumentException("scenario '" + scenario + "': no report for it");
        }
        new ExplainSections(root, page).write();
        String text = info.hasNonNull("table") ? info.path("table").asText() : table;
        if (text != null) {
            page.section("The table bench printed").html(Html.pre(text));
        }
        failures(root, page);
        return html("iomodels bench: " + scenario, page);
    }

    /** The scenario a results.json is of: the network scenarios keep it in their config. */
    static String scenario(JsonNode root) {
        JsonNode s = root.path("config").path("scenario");
        return s.isTextual() ? s.asText() : root.path("scenario").asText("");
    }

    private static String machine(JsonNode root) {
        JsonNode m = root.path("run").path("machine");
        StringBuilder s = new StringBuilder(Html.head(List.of("cores", "CPU", "kernel", "JDK", "Python (the peers)")));
        if (m.isMissingNode()) {
            JsonNode c = root.path("config");
            s.append("<tr>").append(Html.td(c.path("cores").asText("?"))).append(Html.td("not recorded")).append(Html.td("not recorded"))
                    .append(Html.td(c.path("java").asText("not recorded"))).append(Html.td(root.path("python").asText(root.path("peer")
                            .asText("not recorded")))).append("</tr>\n");
        } else {
            s.append("<tr>");
            for (String f : List.of("cores", "cpu", "kernel", "jdk", "python")) {
                s.append(Html.td(m.path(f).asText("-")));
            }
            s.append("</tr>\n");
        }
        return s.append(Html.end()).toString();
    }

    /** Runs that failed or were skipped, each with its reason. */
    private static void failures(JsonNode root, Page page) {
        List<String> rows = new ArrayList<>();
        JsonNode runs = root.path("runs");
        for (int i = 0; i < runs.size(); i++) {
            JsonNode r = runs.get(i);
            String why = r.path("skip").isTextual() ? r.path("skip").asText() : r.path("errors").asLong() > 0
                    ? r.path("errors").asLong() + " errors: " + r.path("first_error").asText("") : null;
            if (why != null) {
                rows.add("<tr>" + Html.td(r.path("target").asText()) + Html.cell(root, "/runs/" + i + "/busy") + Html.cell(root, "/runs/" + i + "/idle")
                        + Html.cell(root, "/runs/" + i + "/repeat") + "<td class=\"why\">" + Html.esc(why) + "</td></tr>\n");
            }
        }
        for (JsonNode c : root.path("claims")) {
            if (c.path("error").isTextual()) {
                rows.add("<tr>" + Html.td("claim " + c.path("n").asInt()) + "<td></td><td></td><td></td><td class=\"why\">"
                        + Html.esc(c.path("error").asText()) + "</td></tr>\n");
            }
        }
        Page.Section s = page.section("Failed or skipped runs");
        if (rows.isEmpty()) {
            s.html(Html.p("none: every run ran, with no error"));
            return;
        }
        s.html(Html.head(List.of("target", "busy", "idle", "repeat", "why")));
        rows.forEach(s::html);
        s.html(Html.end());
    }

    private static String html(String title, Page page) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Html.esc(title))
                .append("</title>\n<style>").append(resource("report.css")).append("</style></head>\n<body>\n<h1>").append(Html.esc(title))
                .append("</h1>\n<div id=\"errors\" hidden></div>\n<nav><ol>");
        for (Page.Section s : page.sections) {
            h.append("<li><a href=\"#").append(s.id).append("\">").append(Html.esc(s.title)).append("</a></li>");
        }
        h.append("</ol></nav>\n");
        for (Page.Section s : page.sections) {
            h.append("<section id=\"").append(s.id).append("\"><h2>").append(Html.esc(s.title)).append("</h2>\n").append(s.body).append("</section>\n");
        }
        h.append("<footer>Charts: Apache ECharts 5.3.1, inlined. Drawn by ./iomodels report from results.json.</footer>\n");
        h.append("<script>").append(resource(ECHARTS)).append("</script>\n");
        h.append("<script type=\"application/json\" id=\"charts\">").append(scriptSafe(charts(page))).append("</script>\n");
        h.append("<script>").append(resource("report.js")).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static String charts(Page page) {
        try {
            return JSON.writeValueAsString(page.charts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the charts' data did not serialize: " + e.getMessage(), e);
        }
    }

    /** JSON inside a script element: a "</" would end the element. */
    private static String scriptSafe(String json) {
        return json.replace("</", "<\\/");
    }

    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
