package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iomodels.engine.Engines;
import org.iomodels.server.IoModel;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * explain's trace against strace's of the same run: {@code strace -f} on {@code explain --json},
 * and on the thread that served the connection, from its first read to its close, the same calls in
 * the same order on the same fds with the same results (our {@code send} is the kernel's
 * {@code sendto}). io_uring: neither shows a read or a write on the connection.
 */
@Timeout(120)
class ExplainStraceTest {
    private static final String CALLS = "read,sendto,recvfrom,epoll_wait,epoll_pwait2,epoll_ctl,accept4,close,poll,select,pselect6,rt_sigtimedwait,"
            + "io_uring_enter,fcntl,shutdown";
    private static final Pattern STEP = Pattern.compile("\\{\"call\":\"([^\"]+)\",\"fd\":(-?\\d+),\"result\":\"([^\"]*)\",\"start_us\":(-?[0-9.]+),"
            + "\"us\":([0-9.]+),\"thread\":\"([^\"]*)\",\"phase\":\"[^\"]*\",\"kernel\":(true|false)");
    private static final Pattern LINE = Pattern.compile("^(\\d+)\\s+(?:(\\w+)\\((.*)|<\\.\\.\\. (\\w+) resumed>(.*))$");

    record Call(String name, int fd, String result) {
        @Override
        public String toString() {
            return name + "(" + fd + ")=" + result;
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoModel.class, names = {"BLOCKING", "NONBLOCKING", "SELECT", "POLL", "EPOLL", "SIGIO", "IO_URING", "GREEN"})
    void theTraceIsWhatStraceSees(IoModel model, @TempDir Path dir) throws Exception {
        assumeTrue(Engines.isSupported(model), () -> model + ": " + Engines.unsupportedReason(model));
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "strace is not installed (apt-get install strace; .ci/run does)");
        Path log = dir.resolve("strace.txt");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/strace", "-f", "-qq", "-o", log.toString(), "-e", "trace=" + CALLS));
        cmd.addAll(CliProcess.builder("explain", "--model", model.cliName(), "--messages", "3", "--json").command());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, CliProcess.exitCode(p, 90), json);
        List<String> straced = Files.readAllLines(log);

        List<Call> ours = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        int connFd = -1;
        for (Matcher m = STEP.matcher(json); m.find(); ) {
            if (m.group(7).equals("false")) {
                ours.add(new Call(m.group(1).equals("send") ? "sendto" : m.group(1).equals("recv") ? "recvfrom" : m.group(1),
                        Integer.parseInt(m.group(2)), m.group(3)));
                threads.add(m.group(6));
                if (connFd < 0 && m.group(1).equals("read") && m.group(3).equals("64")) {
                    connFd = Integer.parseInt(m.group(2));
                }
            }
        }
        if (model == IoModel.IO_URING) {
            int ring = ours.stream().filter(c -> c.name().equals("io_uring_enter")).findFirst().orElseThrow().fd();
            assertTrue(straced.stream().anyMatch(l -> l.matches("\\d+\\s+io_uring_enter\\(" + ring + ",.*")), "strace saw the enters");
            for (Call c : ours) {
                assertFalse(c.name().equals("read") || c.name().equals("sendto"), "our trace: no read or write " + ours);
            }
            return;
        }
        assertTrue(connFd >= 0, json);
        String server = threads.get(ours.indexOf(ours.stream().filter(c -> c.name().equals("read")).findFirst().orElseThrow()));
        List<Call> mine = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            if (threads.get(i).equals(server)) {
                mine.add(ours.get(i));
            }
        }
        List<Call> theirs = strace(straced, connFd);
        List<Call> expected = from(mine, connFd);
        assertEquals(expected, theirs.subList(0, Math.min(theirs.size(), expected.size())),
                "ours (thread " + server + "): " + expected + "\nstrace's: " + theirs);
    }

    /** Our calls from the connection's first read to its close. */
    private static List<Call> from(List<Call> calls, int connFd) {
        int start = 0;
        while (start < calls.size() && !(calls.get(start).name().equals("read") && calls.get(start).fd() == connFd)) {
            start++;
        }
        List<Call> out = new ArrayList<>();
        for (Call c : calls.subList(start, calls.size())) {
            out.add(c);
            if (c.name().equals("close") && c.fd() == connFd) {
                break;
            }
        }
        return out;
    }

    /**
     * strace's calls of the thread that first read the connection after its last accept, in the order
     * they completed (a call cut by another thread's line is joined with its resumption), to the close.
     */
    private static List<Call> strace(List<String> lines, int connFd) {
        int acceptAt = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\d+\\s+(<\\.\\.\\. )?accept4.*= " + connFd + "( <.*)?$")) {
                acceptAt = i;
            }
        }
        Map<String, String> pending = new HashMap<>();
        List<String[]> done = new ArrayList<>(); // tid, call, args and result
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LINE.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String tid = m.group(1);
            if (m.group(2) != null && m.group(3).endsWith("<unfinished ...>")) {
                pending.put(tid, m.group(2) + "(" + m.group(3).replace("<unfinished ...>", ""));
                continue;
            }
            String full = m.group(2) != null ? m.group(2) + "(" + m.group(3) : pending.remove(tid) + m.group(5);
            if (i > acceptAt) {
                done.add(new String[] {tid, full});
            }
        }
        String serving = null;
        List<Call> out = new ArrayList<>();
        for (String[] d : done) {
            if (serving == null && d[1].startsWith("read(" + connFd + ",")) {
                serving = d[0];
            }
            if (serving == null || !serving.equals(d[0])) {
                continue;
            }
            Matcher c = Pattern.compile("^(\\w+)\\((\\d+)?.*?\\)\\s+= (-?\\d+)(?: (\\w+))?.*$").matcher(d[1]);
            if (!c.matches()) {
                continue;
            }
            String name = c.group(1).equals("pselect6") ? "select" : c.group(1); // glibc's select is the kernel's pselect6
            int fd = c.group(2) == null ? -1 : Integer.parseInt(c.group(2));
            if (name.equals("epoll_ctl")) {
                Matcher target = Pattern.compile("^epoll_ctl\\(\\d+, \\w+, (\\d+),.*").matcher(d[1]);
                fd = target.matches() ? Integer.parseInt(target.group(1)) : fd; // ours names the fd registered
            }
            if (name.equals("poll") || name.equals("select") || name.equals("rt_sigtimedwait")) {
                fd = -1; // a set of fds, or none: ours says -1
            }
            String result = c.group(3).equals("-1") && c.group(4) != null ? c.group(4) : c.group(3);
            out.add(new Call(name, fd, result));
            if (name.equals("close") && fd == connFd) {
                break;
            }
        }
        return out;
    }
}
