package org.iomodels.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The explain traces the bench took of each model it measured: one chart of every model's wait
 * and copy per message, then a section per model with its figure as {@code explain} draws it,
 * the time its calls took per message by phase, and its reading.
 */
final class ExplainSections {
    private static final List<String> PHASES = List.of("wait", "copy", "wait+copy");

    private final JsonNode root;
    private final Page page;

    ExplainSections(JsonNode root, Page page) {
        this.root = root;
        this.page = page;
    }

    void write() {
        JsonNode all = root.path("explain");
        if (!all.isArray() || all.isEmpty()) {
            return;
        }
        Page.Section s = page.section("The two phases of a read, per model (explain)");
        s.html(Html.p("Each model's server traced on one connection in the bench's own process, after an untraced warm-up: "
                + "wait is phase 1, from the client's send until the process had the data; copy is phase 2, the process's read and write "
                + "calls (0 where the kernel copied). Command: ./iomodels explain --model M --messages "
                + all.get(0).path("messages").asInt() + " --size " + all.get(0).path("size").asInt() + "."));
        List<String> models = new ArrayList<>();
        List<Double> waits = new ArrayList<>();
        List<Double> copies = new ArrayList<>();
        List<Double> calls = new ArrayList<>();
        for (JsonNode e : all) {
            models.add(e.path("model").asText());
            waits.add(number(e.path("figures").path("wait_us")));
            copies.add(number(e.path("figures").path("copy_us")));
            calls.add(number(e.path("figures").path("calls_per_message")));
        }
        page.add(s, new Chart(page.chartId(), "µs per message: wait and copy", "stack", "model", "µs", models,
                List.of(Chart.Series.of("wait (phase 1)", waits, null), Chart.Series.of("copy (phase 2)", copies, null)), false,
                "medians over the messages"));
        page.add(s, new Chart(page.chartId(), "syscalls per message", "bar", "model", "calls", models,
                List.of(Chart.Series.of("calls per message", calls, null)), false, null));
        for (int i = 0; i < all.size(); i++) {
            model(all.get(i), i);
        }
    }

    private void model(JsonNode e, int index) {
        Page.Section s = page.section("explain " + e.path("model").asText());
        s.html(Html.p(String.format(Locale.ROOT, "%d messages of %d bytes; calls from %s", e.path("messages").asInt(), e.path("size").asInt(),
                e.path("source").asText().equals("strace") ? "strace -f of the server (the JDK's own)" : "the engine's tracing probe")));
        s.html(Html.head(List.of("calls/msg", "wait µs", "copy µs", "wake-ups/msg", "EAGAIN/msg", "who waits", "who copies")));
        String f = "/explain/" + index + "/figures/";
        s.html("<tr>" + Html.cell(root, f + "calls_per_message") + Html.cell(root, f + "wait_us") + Html.cell(root, f + "copy_us")
                + Html.cell(root, f + "wakeups_per_message") + Html.cell(root, f + "eagain_per_message")
                + Html.td(e.path("figures").path("who_waits").asText()) + Html.td(e.path("figures").path("who_copies").asText()) + "</tr>\n");
        s.html(Html.end());
        if (e.hasNonNull("drawing")) {
            s.html(Html.pre(e.path("drawing").asText()));
        }
        int messages = e.path("messages").asInt();
        List<String> categories = new ArrayList<>();
        List<List<Double>> byPhase = new ArrayList<>();
        PHASES.forEach(p -> byPhase.add(new ArrayList<>()));
        for (int m = 1; m <= messages; m++) {
            categories.add("message " + m);
            double[] sum = new double[PHASES.size()];
            for (JsonNode step : e.path("steps")) {
                int p = PHASES.indexOf(step.path("phase").asText());
                if (step.path("message").asInt() == m && p >= 0 && !step.path("kernel").asBoolean()) {
                    sum[p] += step.path("us").asDouble();
                }
            }
            for (int p = 0; p < PHASES.size(); p++) {
                byPhase.get(p).add(sum[p]);
            }
        }
        List<Chart.Series> series = new ArrayList<>();
        for (int p = 0; p < PHASES.size(); p++) {
            if (byPhase.get(p).stream().anyMatch(v -> v > 0)) {
                series.add(Chart.Series.of(PHASES.get(p), byPhase.get(p), null));
            }
        }
        if (!series.isEmpty()) {
            page.add(s, new Chart(page.chartId(), e.path("model").asText() + ": µs in its calls per message, by phase", "stack", "message", "µs",
                    categories, series, false, "the durations of the server's own calls (a blocking wait's whole time is in wait)"));
        }
        s.html(Html.pre(e.path("reading").asText()));
    }

    private static Double number(JsonNode n) {
        return n.isNumber() ? Chart.value(n.asDouble()) : null;
    }
}
