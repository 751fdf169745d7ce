package org.iomodels.bench.claims;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.iomodels.bench.report.Chart;

/**
 * One claim of the seeds, as this run settled it.
 *
 * @param held    true, false, or null when it could not be measured here ({@code error} says why)
 * @param verdict the word: held, did not hold, held in part, not measured
 * @param why     the sentence that says so, with the numbers
 * @param numbers the figures the verdict rests on, by name
 */
public record ClaimResult(int n, String claim, String measured, Boolean held, String verdict, String why, String command, Chart chart,
                          Map<String, Double> numbers, String error) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ClaimResult of(Claims.Text text, boolean held, String why, Chart chart, Map<String, Double> numbers) {
        return new ClaimResult(text.n(), text.claim(), text.measured(), held, held ? "held" : "did not hold", why, text.command(), chart,
                new LinkedHashMap<>(numbers), null);
    }

    static ClaimResult partly(Claims.Text text, String why, Chart chart, Map<String, Double> numbers) {
        return new ClaimResult(text.n(), text.claim(), text.measured(), false, "held in part", why, text.command(), chart,
                new LinkedHashMap<>(numbers), null);
    }

    static ClaimResult failed(Claims.Text text, String error) {
        return new ClaimResult(text.n(), text.claim(), text.measured(), null, "not measured", null, text.command(), null, Map.of(), error);
    }

    ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("n", n).put("claim", claim).put("measured", measured).put("verdict", verdict).put("why", why).put("command", command);
        if (held == null) {
            o.putNull("held");
        } else {
            o.put("held", held);
        }
        if (chart != null) {
            o.set("chart", JSON.valueToTree(chart));
        }
        ObjectNode nums = o.putObject("numbers");
        numbers.forEach((k, v) -> {
            if (v == null || v.isNaN() || v.isInfinite()) {
                nums.putNull(k);
            } else {
                nums.put(k, v);
            }
        });
        if (error != null) {
            o.put("error", error);
        }
        return o;
    }

    /** One line for the table bench prints. */
    String line() {
        return String.format("%2d  %-13s %s", n, verdict, why != null ? why : error);
    }
}
