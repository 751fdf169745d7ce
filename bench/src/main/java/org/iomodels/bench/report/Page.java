package org.iomodels.bench.report;

import java.util.ArrayList;
import java.util.List;

/** The report being written: its sections in order and the charts they place. */
final class Page {
    /** One section: a heading in the page's index, then its HTML. */
    static final class Section {
        final String id;
        final String title;
        final StringBuilder body = new StringBuilder();

        Section(String id, String title) {
            this.id = id;
            this.title = title;
        }

        Section html(String html) {
            body.append(html);
            return this;
        }
    }

    final List<Section> sections = new ArrayList<>();
    final List<Chart> charts = new ArrayList<>();

    Section section(String title) {
        Section s = new Section("s" + (sections.size() + 1), title);
        sections.add(s);
        return s;
    }

    /** A unique element id for a chart. */
    String chartId() {
        return "chart" + (charts.size() + 1);
    }

    /** Places {@code chart} in {@code section}, where it is drawn. */
    void add(Section section, Chart chart) {
        charts.add(chart);
        section.html(Html.chart(chart));
    }
}
