package org.iomodels.crawl;

import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;
import org.iomodels.load.LoadResult;

/**
 * A crawl's outcome: the pages that got a response (any status), their bytes, the URLs that
 * failed by kind (an HTTP status of 400 or more among them: HTTP errors are results, counted),
 * the retries, the wall time, and the most requests that were in flight to one host at once.
 *
 * @param skippedByRobots pages robots.txt disallowed (not fetched, not errors)
 * @param overMaxPages    links not followed because {@code --max-pages} was reached
 * @param processes       the processes the hosts were sharded across ({@code --processes}), 0 when the crawl ran in this one;
 *                        then {@code maxInFlight} is the sum of each one's most, and {@code overMaxPages} counts a
 *                        refused link once for each process that found it (one process counts every sighting)
 */
public record CrawlSummary(String mode, int concurrency, long pages, long bytes, SortedMap<String, Long> errorsByKind,
                           long retries, double seconds, int maxInFlight, int maxInFlightPerHost, long skippedByRobots,
                           long overMaxPages, int hosts, int processes) {
    public long errors() {
        return errorsByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    public double pagesPerSecond() {
        return seconds > 0 ? pages / seconds : 0;
    }

    /** The summary's lines, for a terminal. */
    public String text() {
        String errs = errorsByKind.isEmpty() ? "0" : errors() + " (" + errorsByKind.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")";
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "crawl %s%s: %d pages, %s in %.3f s (%.1f pages/s), %d hosts%n"
                        + "  errors %s, retries %d, in flight at most %d (%d to one host)",
                mode, processes > 0 ? " on " + processes + (processes == 1 ? " process" : " processes") : "", pages,
                LoadResult.human(bytes), seconds, pagesPerSecond(), hosts, errs, retries, maxInFlight,
                maxInFlightPerHost));
        if (skippedByRobots > 0) {
            s.append(String.format(Locale.ROOT, "%n  %d pages skipped: robots.txt disallows them", skippedByRobots));
        }
        if (overMaxPages > 0) {
            s.append(String.format(Locale.ROOT, "%n  %d links not followed: --max-pages reached", overMaxPages));
        }
        return s.toString();
    }

    /** One JSON object: mode, pages, bytes, errors, errors_by_kind, retries, seconds, pages_per_second, max_in_flight_per_host, ... */
    public String toJson() {
        String kinds = errorsByKind.entrySet().stream().map(e -> LoadResult.quote(e.getKey()) + ":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
        return String.format(Locale.ROOT, "{\"mode\":%s,\"concurrency\":%d,\"pages\":%d,\"bytes\":%d,\"errors\":%d,"
                        + "\"errors_by_kind\":%s,\"retries\":%d,\"seconds\":%.6f,\"pages_per_second\":%.3f,\"max_in_flight\":%d,"
                        + "\"max_in_flight_per_host\":%d,\"skipped_by_robots\":%d,\"over_max_pages\":%d,\"hosts\":%d,\"processes\":%d}",
                LoadResult.quote(mode), concurrency, pages, bytes, errors(), kinds, retries, seconds, pagesPerSecond(),
                maxInFlight, maxInFlightPerHost, skippedByRobots, overMaxPages, hosts, processes);
    }

    static SortedMap<String, Long> copy(Map<String, Long> m) {
        return java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(m));
    }
}
