package org.iomodels.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The seeds' figure of a model, drawn from the first message's measured steps: an application
 * column (the server's calls, by thread) and a kernel column (what the kernel does meanwhile),
 * time flowing down, each call's duration on its line and its end in µs from the client's send.
 * Runs of one call that found nothing (a non-blocking read's EAGAIN) are one line with a count.
 */
public final class Figure {
    private static final int LEFT = 40;

    private Figure() {}

    public static String draw(Exchange.Traced t) {
        List<Step> steps = Reading.window(t.steps(), 0, t.sendMicros());
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-" + LEFT + "s      %s%n", "application (" + t.model().cliName() + ")", "kernel"));
        out.append("-".repeat(LEFT + 40)).append('\n');
        out.append(String.format(Locale.ROOT, "%-" + LEFT + "s      %s%n", "", "t=0: the client's " + t.size() + " bytes are sent"));
        String thread = null;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            int same = 1;
            while (s.result().equals("EAGAIN") && i + same < steps.size() && steps.get(i + same).call().equals(s.call())
                    && steps.get(i + same).result().equals("EAGAIN")) {
                same++;
            }
            if (s.kernel()) {
                out.append(String.format(Locale.ROOT, "%-" + LEFT + "s      %s%n", "", kernelLine(s)));
                continue;
            }
            if (!s.thread().equals(thread)) {
                thread = s.thread();
                out.append("[").append(thread).append("]\n");
            }
            String call = s.call() + "(" + (s.fd() >= 0 ? "fd " + s.fd() : "") + ")" + (same > 1 ? " x" + same : "");
            out.append(String.format(Locale.ROOT, "%-" + LEFT + "s ---> %s%n", call, kernelSide(t, s)));
            out.append(String.format(Locale.ROOT, "%-" + LEFT + "s      %s%n", "    | " + Claims.micros(s.micros()) + ", " + s.phase().label(),
                    "|"));
            Step last = steps.get(i + same - 1);
            out.append(String.format(Locale.ROOT, "%-" + LEFT + "s <--- %s%n", "    = " + s.result() + (same > 1 ? " each" : ""),
                    "returns at " + signed(last.startMicros() + last.micros())));
            i += same - 1;
        }
        return out.toString();
    }

    /** What the kernel is doing while the call runs. */
    private static String kernelSide(Exchange.Traced t, Step s) {
        return switch (s.phase()) {
            case WAIT -> switch (s.call()) {
                case "rt_sigtimedwait" -> s.result().equals("EAGAIN") ? "no more signals queued: EAGAIN at once"
                        : "waits for a queued signal; returns its number";
                case "poll" -> t.model() == org.iomodels.server.IoModel.SIGIO ? "checks the descriptors the signals named (no wait)"
                        : "waits until a descriptor is ready";
                case "io_uring_enter" -> "submits; waits for a completion";
                default -> s.result().equals("EAGAIN") ? "no data yet: EAGAIN at once" : "waits until a descriptor is ready";
            };
            case WAIT_COPY -> "waits for data (phase 1), then copies it to the process (phase 2)";
            case COPY -> Reading.isRead(s) ? "copies " + s.result() + " bytes kernel -> process (phase 2)"
                    : "copies " + s.result() + " bytes process -> kernel (the echo)";
            case SETUP -> s.result().equals("0") && Reading.isRead(s) ? "end of stream" : "sets up";
        };
    }

    /** A completion the kernel made with no call: an io_uring receive or send, a queued SIGIO. */
    private static String kernelLine(Step s) {
        String when = " (reaped at " + signed(s.startMicros()) + ")";
        return switch (s.call()) {
            case "SIGIO" -> "queues a SIGIO for fd " + s.fd() + ": the data is ready (a notification)" + when;
            case "recv" -> "received " + s.result() + " bytes into our buffer: phases 1 and 2 done" + when;
            case "send" -> "sent " + s.result() + " bytes from our buffer" + when;
            default -> s.call() + " = " + s.result() + when;
        };
    }

    private static String signed(double us) {
        return (us >= 0 ? "+" : "") + Claims.micros(us);
    }

    /** The steps as a table: call, fd, result, start, duration, thread, phase. */
    public static String table(Exchange.Traced t) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%4s  %-16s %4s %8s %12s %10s  %-9s  %s", "msg", "call", "fd", "result", "start_us",
                "us", "phase", "thread"));
        for (Step s : t.steps()) {
            lines.add(String.format(Locale.ROOT, "%4s  %-16s %4s %8s %12.1f %10.1f  %-9s  %s", s.message() < 0 ? "-" : s.message() + 1,
                    s.call(), s.fd() < 0 ? "-" : Integer.toString(s.fd()), s.result(), s.startMicros(), s.micros(), s.phase().label(),
                    s.thread()));
        }
        return String.join("\n", lines) + "\n";
    }
}
