package org.iomodels.explain;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.engine.Engines;
import org.iomodels.protocol.Echo;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.iomodels.sys.SyscallTrace;

/**
 * One echoed exchange, traced: an echo server on a model with the tracing probe on for it alone,
 * and one client in this JVM that connects, sends {@code messages} messages of {@code size} bytes
 * (a pause of {@link #PAUSE_MILLIS} before each, so each message finds the server waiting), reads
 * each echo whole and closes. What comes back is the server's calls from the connect to its close,
 * each with its phase and the message it served, the times from the client's first send (one
 * clock: {@link System#nanoTime}, server and client in one process).
 */
public final class Exchange {
    /** The pause before each message: the server is back in its wait when the bytes come. */
    static final long PAUSE_MILLIS = 5;
    private static final int TIMEOUT_MILLIS = 5_000;

    /**
     * The trace of one exchange: its steps in order, when the client sent each message (µs from the
     * first), how many events the ring lost (0 unless it overflowed), where the calls came from, and
     * the server threads' wake-ups per message.
     */
    public record Traced(IoModel model, int size, int messages, List<Step> steps, double[] sendMicros, long dropped, String source,
                         double wakeUpsPerMessage) {}

    private Exchange() {}

    public static Traced run(IoModel model, int size, int messages) throws IOException, InterruptedException {
        if (size < 1 || size > 1 << 20) {
            throw new IllegalArgumentException("--size " + size + " is outside 1..1048576 bytes");
        }
        if (messages < 1 || messages > 1000) {
            throw new IllegalArgumentException("--messages " + messages + " is outside 1..1000");
        }
        exchange(model, size, 100, null); // a warm-up, untraced: the figure is of a server that has run, not of a cold JVM's first calls
        SyscallTrace trace = new SyscallTrace(1 << 18);
        long[] sends = new long[messages];
        long[] bounds = exchange(model, size, messages, trace, sends);
        double[] sendMicros = java.util.Arrays.stream(sends).mapToDouble(n -> (n - sends[0]) / 1e3).toArray();
        return new Traced(model, size, messages, steps(model, trace.events(), bounds[0], sends, bounds[1]), sendMicros,
                trace.dropped(), "iomodels probe", bounds[2] / (double) messages);
    }

    /** Runs the exchange; with a trace, the connect's and the client's close's times and the server threads' wake-ups. */
    private static long[] exchange(IoModel model, int size, int messages, SyscallTrace trace, long... sendsOut)
            throws IOException, InterruptedException {
        long[] sends = sendsOut.length == messages ? sendsOut : new long[messages];
        ServerConfig config = ServerConfig.defaults().withHost("127.0.0.1").withPort(0);
        config = trace == null ? config : config.withTrace(trace);
        try (Server server = Engines.open(model, config, new Echo()).start()) {
            Thread.sleep(20); // the server settles into its wait: its start-up is not the exchange's
            long[] talked = talk(server.address(), size, messages, sends);
            awaitClosed(server);
            long closedAt = System.nanoTime(); // the server's side closed too: what comes after is its next idle wait, and its stop
            return new long[] {talked[0], closedAt, talked[1]};
        }
    }

    /**
     * The client's side: connects, and for each message pauses, sends and reads the echo whole;
     * closes. Returns when it connected (nanoTime) and the wake-ups of this JVM's server threads
     * meanwhile; {@code sends} gets each send's time.
     */
    static long[] talk(InetSocketAddress address, int size, int messages, long[] sends) throws IOException, InterruptedException {
        long connectAt = System.nanoTime();
        long wakeUps;
        byte[] message = payload(size);
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(address, TIMEOUT_MILLIS);
            s.setSoTimeout(TIMEOUT_MILLIS);
            InputStream in = s.getInputStream();
            Thread.sleep(PAUSE_MILLIS);
            long switchesBefore = WakeUps.serverThreads();
            for (int i = 0; i < messages; i++) {
                Thread.sleep(PAUSE_MILLIS);
                sends[i] = System.nanoTime();
                s.getOutputStream().write(message);
                readEcho(in, message, i);
            }
            wakeUps = WakeUps.serverThreads() - switchesBefore;
        }
        return new long[] {connectAt, wakeUps};
    }

    /** The events from the connect to the server's close of the connection, as steps. */
    static List<Step> steps(IoModel model, List<SyscallTrace.Event> events, long connectAt, long[] sends, long closedAt) {
        long t0 = sends[0];
        long until = cutOff(events, sends, closedAt);
        List<Step> steps = new ArrayList<>();
        for (SyscallTrace.Event e : events) {
            long end = e.startNanos() + e.nanos();
            if (end < connectAt || end > until) {
                continue; // before the connect, or after the connection's close (the next idle wait, the server's stop)
            }
            int message = -1;
            while (message + 1 < sends.length && sends[message + 1] <= end) {
                message++;
            }
            steps.add(new Step(e.call().manName(), e.fd(), e.resultText(), (e.startNanos() - t0) / 1e3, e.nanos() / 1e3,
                    e.completion() ? "kernel" : e.thread(), Phase.of(model, e.call(), e.result(), e.completion()),
                    e.completion(), message));
        }
        steps.sort(java.util.Comparator.comparingDouble(Step::startMicros)); // the JDK engines report a wait after what it woke for
        return steps;
    }

    /** The end of the server's close of the connection (its fd: the first that data was read from), or when the server counted it closed. */
    private static long cutOff(List<SyscallTrace.Event> events, long[] sends, long closedAt) {
        int connFd = -1;
        for (SyscallTrace.Event e : events) {
            if (e.call().kind() == org.iomodels.sys.SyscallCounters.Kind.READ && e.result() > 0 && e.startNanos() + e.nanos() >= sends[0]) {
                connFd = e.fd();
                break;
            }
        }
        for (SyscallTrace.Event e : events) {
            if (connFd >= 0 && e.call() == org.iomodels.sys.Syscall.CLOSE && e.fd() == connFd && e.startNanos() >= sends[sends.length - 1]) {
                return e.startNanos() + e.nanos();
            }
        }
        return closedAt;
    }

    private static byte[] payload(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    private static void readEcho(InputStream in, byte[] message, int index) throws IOException {
        byte[] got = in.readNBytes(message.length);
        if (got.length < message.length) {
            throw new IOException("message " + (index + 1) + ": the server closed after " + got.length + " of " + message.length
                    + " echoed bytes");
        }
        if (!java.util.Arrays.equals(got, message)) {
            throw new IOException("message " + (index + 1) + ": the echo differs from what was sent");
        }
    }

    /** Until the server has closed its side (its connection count back to 0), at most a second. */
    private static void awaitClosed(Server server) throws InterruptedException {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (server.stats().open() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        Thread.sleep(1); // the close's own call returns
    }
}
