package org.iomodels.crawl;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;

/** A crawl's counts of what its URLs came to: pages that got a response, their bytes, failures by kind. One thread. */
final class PageTally {
    private final Map<String, Long> errors = new HashMap<>();
    private long pages;
    private long bytes;

    void add(PageResult r) {
        if (r.responded()) {
            pages++;
            bytes += r.bytes();
        }
        if (r.errorKind() != null) {
            errors.merge(r.errorKind(), 1L, Long::sum);
        }
    }

    long pages() {
        return pages;
    }

    long bytes() {
        return bytes;
    }

    SortedMap<String, Long> errorsByKind() {
        return CrawlSummary.copy(errors);
    }
}
