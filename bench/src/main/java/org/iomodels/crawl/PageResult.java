package org.iomodels.crawl;

import java.util.Locale;
import org.iomodels.load.LoadResult;

/**
 * What one URL came to: its status (0 if no response came), the body's bytes, the time of the
 * last attempt, its depth, the attempts made, and the error if it failed (its kind: an HTTP
 * status of 400 or more is {@code http-404}; no response is {@code connect}, {@code timeout},
 * {@code too-large}, ...; {@code redirect-loop}, {@code too-many-redirects}).
 */
public record PageResult(String url, int status, long bytes, double ms, int depth, int attempts, String errorKind,
                         String error) {
    public boolean responded() {
        return status > 0;
    }

    /** One JSON object, a line of {@code --out}: url, status, bytes, ms, depth, attempts, error (null when none). */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"url\":%s,\"status\":%d,\"bytes\":%d,\"ms\":%.1f,\"depth\":%d,\"attempts\":%d,"
                        + "\"error_kind\":%s,\"error\":%s}", LoadResult.quote(url), status, bytes, ms, depth, attempts,
                errorKind == null ? "null" : LoadResult.quote(errorKind), error == null ? "null" : LoadResult.quote(error));
    }
}
