package org.iomodels.crawl;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The links of an HTML page: the values of its {@code href} and {@code src} attributes, resolved
 * against the page's URL (or its {@code <base href>}), normalised, each once, in the page's order.
 * A tolerant scanner, not a parser: it reads tags and their attributes (quoted either way or not
 * at all), skips comments, and inside {@code <script>} and {@code <style>} reads nothing.
 */
public final class Links {
    private Links() {}

    public static Set<URI> extract(String html, URI page) {
        Set<URI> links = new LinkedHashSet<>();
        URI base = page;
        int i = 0;
        int n = html.length();
        while ((i = html.indexOf('<', i)) >= 0 && i + 1 < n) {
            if (html.startsWith("<!--", i)) {
                int end = html.indexOf("-->", i + 4);
                i = end < 0 ? n : end + 3;
                continue;
            }
            int nameStart = i + 1;
            int j = nameStart;
            while (j < n && (Character.isLetterOrDigit(html.charAt(j)) || html.charAt(j) == '-')) {
                j++;
            }
            if (j == nameStart) {
                i++;
                continue;
            }
            String tag = html.substring(nameStart, j).toLowerCase(Locale.ROOT);
            int tagEnd = j;
            while (tagEnd < n && html.charAt(tagEnd) != '>') {
                int[] attr = attribute(html, tagEnd, n);
                if (attr == null) {
                    tagEnd++;
                    continue;
                }
                String name = html.substring(attr[0], attr[1]).toLowerCase(Locale.ROOT);
                if (attr[2] >= 0) {
                    String value = decode(html.substring(attr[2], attr[3]));
                    if (name.equals("href") && tag.equals("base")) {
                        URI b = Urls.resolve(page, value);
                        if (b != null) {
                            base = b;
                        }
                    } else if (name.equals("href") || name.equals("src")) {
                        URI link = Urls.resolve(base, value);
                        if (link != null) {
                            links.add(link);
                        }
                    }
                }
                tagEnd = attr[4];
            }
            i = tagEnd;
            if (tag.equals("script") || tag.equals("style")) { // their text is not HTML
                int close = html.toLowerCase(Locale.ROOT).indexOf("</" + tag, i);
                i = close < 0 ? n : close;
            }
        }
        return links;
    }

    /** The attribute starting at or after {@code from}: name start/end, value start/end (-1: none), and where it ends; null if none starts here. */
    private static int[] attribute(String s, int from, int n) {
        int i = from;
        while (i < n && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == '/')) {
            i++;
        }
        int nameStart = i;
        while (i < n && !Character.isWhitespace(s.charAt(i)) && "=>/\"'".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        if (i == nameStart) {
            return null;
        }
        int nameEnd = i;
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i >= n || s.charAt(i) != '=') {
            return new int[] {nameStart, nameEnd, -1, -1, nameEnd};
        }
        i++;
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i < n && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
            char q = s.charAt(i);
            int end = s.indexOf(q, i + 1);
            if (end < 0) {
                return new int[] {nameStart, nameEnd, i + 1, n, n};
            }
            return new int[] {nameStart, nameEnd, i + 1, end, end + 1};
        }
        int start = i;
        while (i < n && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '>') {
            i++;
        }
        return new int[] {nameStart, nameEnd, start, i, i};
    }

    /** The character references a URL in an attribute commonly has: {@code &amp;} and friends. */
    private static String decode(String v) {
        if (v.indexOf('&') < 0) {
            return v;
        }
        return v.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">");
    }
}
