package org.iomodels.explain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iomodels.server.IoModel;
import org.iomodels.sys.Syscall;

/**
 * The exchange of {@link Exchange} with the calls the kernel saw, for the JDK's models, whose
 * syscalls are the JDK's own: the server runs in a child JVM under {@code strace -f -tt -T}, the
 * client here; the log is read ({@link StraceLog}), its clock (time of day) set against the
 * client's sends, and the calls of the threads that served the connection kept, from the
 * connect to the close, with their phases. strace stops the server at each call, so its times
 * include strace's own cost.
 */
public final class StraceExchange {
    static final String STRACE = "/usr/bin/strace";
    private static final String CALLS = "read,write,readv,writev,recvfrom,sendto,epoll_wait,epoll_pwait,epoll_pwait2,epoll_ctl,"
            + "accept,accept4,close,shutdown,poll,ppoll,select,pselect6,fcntl,io_uring_enter,rt_sigtimedwait";
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)\\b.*");
    private static final Map<String, Syscall> ALIASES = Map.of("sendto", Syscall.SEND, "recvfrom", Syscall.RECV,
            "epoll_pwait", Syscall.EPOLL_WAIT, "ppoll", Syscall.POLL, "pselect6", Syscall.SELECT);

    private StraceExchange() {}

    /** Whether strace is here to run. */
    public static boolean available() {
        return Files.isExecutable(Path.of(STRACE));
    }

    /** Runs the exchange against {@code serve} (the command that starts {@code serve --model M --port 0}) under strace. */
    public static Exchange.Traced run(IoModel model, int size, int messages, List<String> serve) throws IOException, InterruptedException {
        Path log = Files.createTempFile("iomodels-explain-", ".strace");
        List<String> cmd = new ArrayList<>(List.of(STRACE, "-f", "-tt", "-T", "-qq", "-o", log.toString(), "-e", "trace=" + CALLS));
        cmd.addAll(serve);
        Process strace = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(strace.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            Matcher m = LISTENING.matcher(String.valueOf(first));
            if (!m.matches()) {
                throw new IOException("the server under strace did not listen: " + first);
            }
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)));
            Exchange.talk(address, size, 100, new long[100]); // warm-up
            long[] sends = new long[messages];
            double nanoToDay = LocalTime.now().toNanoOfDay() / 1e3 - System.nanoTime() / 1e3; // one reading: µs of the day at nanoTime 0
            ProcessHandle server = strace.toHandle().children().findFirst().orElseThrow(() -> new IOException("strace's child is gone"));
            Map<Integer, String> names = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.concurrent.atomic.AtomicBoolean talking = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread namer = Thread.ofVirtual().start(() -> { // a thread per connection lives only as long as the exchange
                while (talking.get()) {
                    names.putAll(threadNames(server.pid()));
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                }
            });
            long[] bounds = Exchange.talk(address, size, messages, sends);
            Thread.sleep(50); // the server's close of its side
            talking.set(false);
            namer.join();
            names.putAll(threadNames(server.pid()));
            server.destroy(); // SIGTERM: serve stops
            server.onExit().get(10, TimeUnit.SECONDS);
            strace.waitFor(10, TimeUnit.SECONDS);
            double t0 = sends[0] / 1e3 + nanoToDay;
            double connect = bounds[0] / 1e3 + nanoToDay;
            List<Step> steps = steps(model, StraceLog.parse(Files.readAllLines(log)), t0, connect, sends, names);
            double[] sendMicros = java.util.Arrays.stream(sends).mapToDouble(n -> (n - sends[0]) / 1e3).toArray();
            return new Exchange.Traced(model, size, messages, steps, sendMicros, 0, "strace", Double.NaN);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the server under strace did not stop within 10 s", e);
        } finally {
            strace.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            strace.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    /** The calls of the threads that touched the connection, from the connect to their close of it, as steps. */
    static List<Step> steps(IoModel model, List<StraceLog.Call> calls, double t0, double connect, long[] sends, Map<Integer, String> names) {
        int connFd = -1;
        for (StraceLog.Call c : calls) {
            if (c.startMicros() + c.micros() >= t0 && (c.name().equals("read") || c.name().equals("recvfrom")) && !c.result().startsWith("E")
                    && !c.result().equals("0")) {
                connFd = c.fd();
                break;
            }
        }
        Set<Integer> serving = new HashSet<>();
        double until = Double.MAX_VALUE;
        for (StraceLog.Call c : calls) {
            if (c.startMicros() + c.micros() >= connect && (c.fd() == connFd || c.target() == connFd)) {
                serving.add(c.tid());
                if (c.name().equals("close") && c.startMicros() >= t0) {
                    until = Math.min(until, c.startMicros() + c.micros());
                }
            }
        }
        List<Step> steps = new ArrayList<>();
        for (StraceLog.Call c : calls) {
            double end = c.startMicros() + c.micros();
            if (!serving.contains(c.tid()) || end < connect || end > until) {
                continue;
            }
            Syscall call = syscall(c.name());
            long result = c.result().startsWith("E") ? -1 : Long.parseLong(c.result()); // the phase needs only its sign
            int message = -1;
            while (message + 1 < sends.length && (sends[message + 1] - sends[0]) / 1e3 + t0 <= end) {
                message++;
            }
            int fd = c.name().equals("epoll_ctl") ? c.target() : c.name().contains("poll") && !c.name().startsWith("epoll")
                    || c.name().contains("select") || c.name().equals("rt_sigtimedwait") ? -1 : c.fd();
            steps.add(new Step(c.name(), fd, c.result(), c.startMicros() - t0, c.micros(), names.getOrDefault(c.tid(), "tid " + c.tid()),
                    call == null ? Phase.SETUP : Phase.ofKernelCall(model, call, result), false, message));
        }
        return steps;
    }

    /** The server's threads by id, from {@code /proc/PID/task/*}/comm, while it runs (the kernel's names: 15 characters). */
    private static Map<Integer, String> threadNames(long pid) {
        Map<Integer, String> names = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    names.put(Integer.parseInt(t.getFileName().toString()), Files.readString(t.resolve("comm")).strip());
                } catch (IOException | NumberFormatException gone) {
                    // a thread that ended meanwhile
                }
            }
        } catch (IOException e) {
            // no /proc: the steps name thread ids
        }
        return names;
    }

    private static Syscall syscall(String name) {
        Syscall alias = ALIASES.get(name);
        if (alias != null) {
            return alias;
        }
        for (Syscall s : Syscall.values()) {
            if (s.manName().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
