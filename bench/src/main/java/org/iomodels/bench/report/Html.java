package org.iomodels.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/** The little HTML the report writes: escaped text, tables whose numbers name where in results.json they come from. */
final class Html {
    private Html() {}

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A number as a reader wants it: thousands separated, at most 3 significant decimals below 100. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "-";
        }
        double a = Math.abs(v);
        String f = a >= 100 ? "%,.0f" : a >= 10 ? "%,.1f" : a >= 1 ? "%,.2f" : "%,.3f";
        return String.format(Locale.ROOT, f, v);
    }

    /**
     * A table cell holding the number at {@code pointer} (a JSON Pointer into results.json) as
     * {@link #num} writes it, with the pointer in {@code data-json}: the page's numbers can be checked against the file.
     */
    static String cell(JsonNode root, String pointer) {
        JsonNode v = root.at(pointer);
        if (v.isMissingNode() || v.isNull()) {
            return "<td class=\"n\">-</td>";
        }
        if (!v.isNumber()) {
            return "<td>" + esc(v.asText()) + "</td>";
        }
        return "<td class=\"n\" data-json=\"" + esc(pointer) + "\">" + num(v.asDouble()) + "</td>";
    }

    static String td(String text) {
        return "<td>" + esc(text) + "</td>";
    }

    static String head(List<String> names) {
        StringBuilder s = new StringBuilder("<div class=\"wide\"><table><thead><tr>");
        names.forEach(n -> s.append("<th>").append(esc(n)).append("</th>"));
        return s.append("</tr></thead><tbody>\n").toString();
    }

    static String end() {
        return "</tbody></table></div>\n";
    }

    static String pre(String text) {
        return "<pre>" + esc(text) + "</pre>\n";
    }

    static String p(String text) {
        return "<p>" + esc(text) + "</p>\n";
    }

    /** A chart's place: the script draws {@code chart} into it. */
    static String chart(Chart chart) {
        return "<figure class=\"chart\"><div class=\"plot\" id=\"" + esc(chart.id()) + "\"></div>"
                + (chart.note() == null ? "" : "<figcaption>" + esc(chart.note()) + "</figcaption>") + "</figure>\n";
    }
}
