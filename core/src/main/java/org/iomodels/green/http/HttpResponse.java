package org.iomodels.green.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A response of {@link HttpClient}: the status, the headers (names in lower case, values in order),
 * the body (decoded if it came gzip-encoded), the URL it finally came from and how many redirects
 * led there.
 */
public record HttpResponse(URI url, int status, String reason, Map<String, List<String>> headers, byte[] body,
                           int redirects) {
    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    /** The body as text (UTF-8, or ISO-8859-1 if the content type says so). */
    public String text() {
        String type = header("content-type");
        boolean latin1 = type != null && type.toLowerCase(java.util.Locale.ROOT).contains("charset=iso-8859-1");
        return new String(body, latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }
}
