package org.iomodels.protocol.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/** Parses the three HTTP-date forms a recipient must accept (RFC 9110 §5.6.7). */
final class HttpDates {
    private static final List<DateTimeFormatter> FORMS = List.of(
            // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT),
            // obsolete RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
            new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, 1970).appendPattern(" HH:mm:ss 'GMT'")
                    .toFormatter(Locale.ROOT),
            // asctime: Sun Nov  6 08:49:37 1994
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT));

    private HttpDates() {}

    /** The instant, or null when {@code value} is null or not an HTTP-date (such a field is ignored). */
    static Instant parse(String value) {
        if (value == null) {
            return null;
        }
        String s = value.strip();
        for (DateTimeFormatter form : FORMS) {
            try {
                return LocalDateTime.parse(s, form).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return null;
    }
}
