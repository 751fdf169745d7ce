package org.iomodels.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A run's directory and its report: {@code results.json} read (with an error naming what is
 * wrong in it), what the report needs about the run added to it, and {@code report.html} written.
 */
public final class ReportFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A results.json that cannot be reported: missing, not JSON, or not of a bench run. */
    public static final class BadResults extends Exception {
        BadResults(String message) {
            super(message);
        }
    }

    private ReportFiles() {}

    /** Reads {@code dir/results.json}, checked to be a bench run's. */
    public static ObjectNode read(Path dir) throws BadResults, IOException {
        Path file = dir.resolve("results.json");
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new BadResults(file + ": no such file (report reads the results.json a bench run wrote into its --out)");
        } catch (JsonProcessingException e) {
            throw new BadResults(file + ": not valid JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (!(root instanceof ObjectNode o)) {
            throw new BadResults(file + ": not a bench run's results (a JSON object was expected, not " + root.getNodeType() + ")");
        }
        String scenario = ReportPage.scenario(o);
        String need = switch (scenario) {
            case "echo", "idle", "memory", "http" -> o.path("runs").isArray() ? null : "a \"runs\" array";
            case "green", "processes", "pool" -> o.path("figures").isArray() ? null : "a \"figures\" array";
            case "crawl" -> o.path("targets").isObject() ? null : "a \"targets\" object";
            case "claims" -> o.path("claims").isArray() ? null : "a \"claims\" array";
            case "" -> "a scenario (\"config\":{\"scenario\":...} or \"scenario\")";
            default -> "a scenario this report knows (echo, idle, memory, http, green, crawl, processes, pool, claims), not '" + scenario + "'";
        };
        if (need != null) {
            throw new BadResults(file + ": not a bench run's results: it lacks " + need);
        }
        return o;
    }

    /** Renders {@code dir/report.html} from {@code dir/results.json} (and {@code dir/table.txt}, when the JSON lacks the table). */
    public static Path render(Path dir) throws BadResults, IOException {
        ObjectNode root = read(dir);
        Path tableFile = dir.resolve("table.txt");
        String table = Files.isRegularFile(tableFile) ? Files.readString(tableFile) : null;
        String html;
        try {
            html = ReportPage.render(root, table);
        } catch (RuntimeException e) {
            throw new BadResults(dir.resolve("results.json") + ": not a bench run's results: " + e.getMessage());
        }
        Path out = dir.resolve("report.html");
        Files.writeString(out, html);
        return out;
    }

    /**
     * At the end of a bench run: adds to {@code dir/results.json} the command, the machine and
     * the printed table (and the explain traces, when there are any), then renders the report.
     */
    public static Path finish(Path dir, String command, String table, List<String> explainJson) throws BadResults, IOException {
        ObjectNode root = read(dir);
        ObjectNode run = root.putObject("run");
        run.put("command", command);
        run.set("machine", Machine.describe());
        run.put("table", table);
        if (explainJson != null && !explainJson.isEmpty()) {
            ArrayNode explain = root.putArray("explain");
            for (String e : explainJson) {
                explain.add(JSON.readTree(e));
            }
        }
        Files.writeString(dir.resolve("results.json"), layout(root));
        return render(dir);
    }

    /**
     * results.json as bench writes it: a top-level field per line and, in an array of objects
     * (the runs, the figures, the claims), one element per line, each compact, so a run is one
     * line a person or grep can read.
     */
    static String layout(ObjectNode root) throws JsonProcessingException {
        StringBuilder s = new StringBuilder("{\n");
        var fields = root.properties().iterator();
        while (fields.hasNext()) {
            var f = fields.next();
            s.append("  ").append(JSON.writeValueAsString(f.getKey())).append(": ");
            JsonNode v = f.getValue();
            if (v.isArray() && !v.isEmpty() && v.get(0).isObject()) {
                s.append("[\n");
                for (int i = 0; i < v.size(); i++) {
                    s.append("    ").append(JSON.writeValueAsString(v.get(i))).append(i + 1 < v.size() ? ",\n" : "\n");
                }
                s.append("  ]");
            } else {
                s.append(JSON.writeValueAsString(v));
            }
            s.append(fields.hasNext() ? ",\n" : "\n");
        }
        return s.append("}\n").toString();
    }
}
