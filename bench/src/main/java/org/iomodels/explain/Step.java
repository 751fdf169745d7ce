package org.iomodels.explain;

import java.util.Locale;

/**
 * One line of a trace: a call (its name as in {@code man 2}), its fd (-1 unseen), its result as
 * strace shows it, when it started in microseconds from the client's first send, how long it
 * took, the thread that made it ({@code kernel} for what the kernel completed on its own), its
 * {@link Phase}, and the message it belongs to (from 0; -1 before the first send).
 */
public record Step(String call, int fd, String result, double startMicros, double micros, String thread, Phase phase,
                   boolean kernel, int message) {
    /** One JSON object. */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"call\":\"%s\",\"fd\":%d,\"result\":\"%s\",\"start_us\":%.1f,\"us\":%.1f,"
                        + "\"thread\":\"%s\",\"phase\":\"%s\",\"kernel\":%b,\"message\":%d}", call, fd, result, startMicros, micros,
                thread.replace("\\", "\\\\").replace("\"", "\\\""), phase.label(), kernel, message);
    }
}
