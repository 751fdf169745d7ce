package org.iomodels.explain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A log of {@code strace -f -tt -T -qq}, read: each completed call with its thread id, its start
 * (µs of the day, strace's {@code -tt}), its name, its first argument when that is a number, the
 * fd registered by an {@code epoll_ctl}, its result (a count, or the errno's name) and its duration
 * ({@code -T}). A call cut by another thread's line ({@code <unfinished ...>}) is joined with its
 * {@code <... resumed>} and placed where it completed, as a trace records it.
 */
final class StraceLog {
    /** One call; {@code fd} is -1 when the first argument is not a number; {@code target} is epoll_ctl's third. */
    record Call(int tid, double startMicros, String name, int fd, int target, String result, double micros) {}

    private static final Pattern LINE = Pattern.compile("^(\\d+)\\s+(\\d\\d):(\\d\\d):(\\d\\d\\.\\d+)\\s+(.*)$");
    private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. (\\w+) resumed>(.*)$");
    private static final Pattern STARTED = Pattern.compile("^(\\w+)\\((.*)$");
    private static final Pattern RESULT = Pattern.compile(".*\\)\\s+=\\s+(-?\\d+|\\?)(?:\\s+(E[A-Z0-9]+))?.*?(?:<([0-9.]+)>)?\\s*$");
    private static final Pattern FIRST_ARG = Pattern.compile("^(\\d+)[,)].*");
    private static final Pattern EPOLL_CTL = Pattern.compile("^\\d+, \\w+, (\\d+),.*");

    private StraceLog() {}

    static List<Call> parse(List<String> lines) {
        Map<Integer, String[]> pending = new HashMap<>(); // tid -> name, start µs, the arguments so far
        List<Call> calls = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            int tid = Integer.parseInt(m.group(1));
            double at = (Integer.parseInt(m.group(2)) * 3600 + Integer.parseInt(m.group(3)) * 60) * 1e6 + Double.parseDouble(m.group(4)) * 1e6;
            String rest = m.group(5);
            String name;
            String args;
            double start;
            Matcher r = RESUMED.matcher(rest);
            Matcher s = STARTED.matcher(rest);
            if (r.matches()) {
                String[] was = pending.remove(tid);
                if (was == null) {
                    continue; // begun before the log did
                }
                name = was[0];
                start = Double.parseDouble(was[1]);
                args = was[2] + r.group(2);
            } else if (s.matches()) {
                name = s.group(1);
                start = at;
                args = s.group(2);
                if (args.endsWith("<unfinished ...>")) {
                    pending.put(tid, new String[] {name, Double.toString(at), args.substring(0, args.length() - "<unfinished ...>".length())});
                    continue;
                }
            } else {
                continue; // a signal's line (--- SIGTERM ---), an exit (+++ exited +++)
            }
            Matcher res = RESULT.matcher(args);
            if (!res.matches() || res.group(1).equals("?")) {
                continue;
            }
            String result = res.group(1).startsWith("-") && res.group(2) != null ? res.group(2) : res.group(1);
            double micros = res.group(3) == null ? 0 : Double.parseDouble(res.group(3)) * 1e6;
            Matcher first = FIRST_ARG.matcher(args);
            Matcher ctl = EPOLL_CTL.matcher(args);
            calls.add(new Call(tid, start, name, first.matches() ? Integer.parseInt(first.group(1)) : -1,
                    name.equals("epoll_ctl") && ctl.matches() ? Integer.parseInt(ctl.group(1)) : -1, result, micros));
        }
        return calls;
    }
}
