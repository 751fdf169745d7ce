package org.iomodels.crawl;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** When to try again: exponential backoff from {@link CrawlOptions#BACKOFF}, or what a Retry-After asks (RFC 9110 §10.2.3). */
final class Retries {
    private Retries() {}

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The backoff before attempt {@code attempt + 2}: 250 ms, 500 ms, 1 s, ... up to 10 s. */
    static long backoffNanos(int attempt) {
        long base = CrawlOptions.BACKOFF.toNanos() << Math.min(attempt, 20);
        return Math.min(base, CrawlOptions.MAX_BACKOFF.toNanos());
    }

    /** The wait before retrying a 429 or 5xx: its Retry-After if it has a valid one, else the backoff; -1 if it asks more than {@link CrawlOptions#MAX_RETRY_AFTER}. */
    static long waitNanos(int attempt, String retryAfter) {
        Duration asked = retryAfter(retryAfter);
        if (asked == null) {
            return backoffNanos(attempt);
        }
        return asked.compareTo(CrawlOptions.MAX_RETRY_AFTER) > 0 ? -1 : asked.toNanos();
    }

    /** A Retry-After's delay: delay-seconds or an HTTP-date; null if absent or malformed. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit) && v.length() <= 9) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
