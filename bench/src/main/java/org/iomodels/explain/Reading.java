package org.iomodels.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.iomodels.server.IoModel;

/**
 * What a traced exchange measured, per echoed message: the syscalls the server made for it, how
 * long the data took to reach the process from the client's send (phase 1, plus the copy where
 * one call does both), the time in copying calls, the wake-ups of its threads, the reads that found
 * nothing, who waited and who copied; and the paragraph that says what it means for the model.
 *
 * @param waitMicros median over messages, from the client's send until the process had the data
 *                   (began its copy, or a blocking read returned, or it reaped the kernel's receive)
 * @param copyMicros median over messages of the process's copying calls, in and out (0: the kernel copied)
 */
public record Reading(IoModel model, double callsPerMessage, double waitMicros, double copyMicros, double wakeUpsPerMessage,
                      double eagainPerMessage, String whoWaits, String whoCopies, String text) {

    public static Reading of(Exchange.Traced t) {
        int k = t.messages();
        double[] waits = new double[k];
        double[] copies = new double[k];
        long calls = 0;
        long eagain = 0;
        Set<String> waiters = new LinkedHashSet<>();
        Set<String> copiers = new LinkedHashSet<>();
        for (int i = 0; i < k; i++) {
            List<Step> window = window(t.steps(), i, t.sendMicros());
            double send = t.sendMicros()[i];
            waits[i] = Double.NaN;
            for (Step s : window) {
                boolean process = !s.kernel();
                if (process) {
                    calls++;
                    eagain += s.result().equals("EAGAIN") ? 1 : 0;
                }
                if (Double.isNaN(waits[i]) && isRead(s) && !s.result().startsWith("E") && !s.result().equals("0")) {
                    waits[i] = (s.phase() == Phase.WAIT_COPY ? s.startMicros() + s.micros() : s.startMicros()) - send;
                }
                if (process && (s.phase() == Phase.WAIT || s.phase() == Phase.WAIT_COPY)) {
                    waiters.add(s.thread());
                }
                if (s.kernel() && s.call().equals("SIGIO")) {
                    waiters.add("the kernel (a queued SIGIO)");
                }
                if (s.phase() == Phase.COPY || s.phase() == Phase.WAIT_COPY) {
                    copiers.add(s.kernel() ? "the kernel" : s.thread());
                    copies[i] += process && s.phase() == Phase.COPY ? s.micros() : 0;
                }
            }
        }
        String whoWaits = String.join(", ", waiters);
        String whoCopies = String.join(", ", copiers);
        double wait = median(waits);
        double copy = median(copies);
        return new Reading(t.model(), calls / (double) k, wait, copy, t.wakeUpsPerMessage(), eagain / (double) k, whoWaits,
                whoCopies, Claims.text(t, calls / (double) k, wait, copy, t.wakeUpsPerMessage(), eagain / (double) k, whoWaits, whoCopies));
    }

    /**
     * Message {@code i}'s steps: those that ended after the previous echo's last write (for the
     * first, after the pause before it began) and began before this echo's last write ended. The
     * waiting before the data came is the message's (a poll that found nothing, a wait that slept).
     */
    static List<Step> window(List<Step> steps, int i, double[] sends) {
        double from = i == 0 ? sends[0] - Exchange.PAUSE_MILLIS * 1e3 : lastWriteEnd(steps, i - 1);
        double to = lastWriteEnd(steps, i);
        List<Step> window = new ArrayList<>();
        for (Step s : steps) {
            if (s.startMicros() + s.micros() > from && s.startMicros() <= to) {
                window.add(s);
            }
        }
        return window;
    }

    private static double lastWriteEnd(List<Step> steps, int i) {
        double end = Double.NEGATIVE_INFINITY;
        for (Step s : steps) {
            if (s.message() == i && isWrite(s)) {
                end = Math.max(end, s.startMicros() + s.micros());
            }
        }
        return end;
    }

    static boolean isRead(Step s) {
        return s.call().equals("read") || s.call().equals("recv") || s.call().equals("readv");
    }

    static boolean isWrite(Step s) {
        return s.call().equals("write") || s.call().equals("send") || s.call().equals("writev");
    }

    private static double median(double[] xs) {
        double[] v = Arrays.stream(xs).filter(x -> !Double.isNaN(x)).sorted().toArray();
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** One JSON object of the figures. */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"model\":\"%s\",\"calls_per_message\":%.2f,\"wait_us\":%.1f,\"copy_us\":%.1f,"
                        + "\"wakeups_per_message\":%.2f,\"eagain_per_message\":%.2f,\"who_waits\":\"%s\",\"who_copies\":\"%s\"}",
                model.cliName(), callsPerMessage, waitMicros, copyMicros, wakeUpsPerMessage, eagainPerMessage, whoWaits, whoCopies)
                .replace("NaN", "null");
    }
}
