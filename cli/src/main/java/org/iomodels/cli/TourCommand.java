package org.iomodels.cli;

import static org.iomodels.selectors.Events.EVENT_READ;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.iomodels.examples.SelectorsEcho;
import org.iomodels.selectors.Selector;
import org.iomodels.sys.Libc;
import org.iomodels.sys.NativeSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code iomodels tour}: a short, self-checking walk through what the project has so far. It runs
 * the selectors echo server on each of select, poll and epoll with concurrent clients (checking
 * every byte), then shows the multiplexers' central difference: the cost of one wait call as the
 * number of registered descriptors grows, with exactly one of them ready.
 */
@Command(name = "tour",
        mixinStandardHelpOptions = true,
        description = "A short self-checking tour: the echo example on select, poll and epoll, then what one wait costs as idle descriptors grow.")
final class TourCommand implements Callable<Integer> {
    private static final int CLIENTS = 50;
    private static final int MESSAGES = 20;
    private static final int[] REGISTERED = {10, 400, 5000};

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("1. One echo server, three multiplexers (" + CLIENTS + " concurrent clients x " + MESSAGES
                + " messages of 1 B..16 KiB, every byte checked)");
        out.printf("   %-8s %10s %12s %9s%n", "selector", "messages", "bytes", "seconds");
        for (String kind : Selectors.NAMES) {
            long start = System.nanoTime();
            long bytes = echoRound(kind);
            out.printf("   %-8s %10d %12d %9.2f   byte-exact%n", kind, CLIENTS * MESSAGES, bytes,
                    (System.nanoTime() - start) / 1e9);
            out.flush();
        }
        out.println();
        out.println("2. One ready descriptor among N idle ones: microseconds per select() call (median of 5 runs)");
        out.printf("   %10s %10s %10s %10s%n", "registered", "select", "poll", "epoll");
        for (int n : REGISTERED) {
            out.printf("   %10d", n);
            for (String kind : Selectors.NAMES) {
                double micros = waitCost(kind, n);
                out.printf(" %10s", Double.isNaN(micros) ? "fd>=1024" : String.format("%.1f", micros));
            }
            out.println();
            out.flush();
        }
        out.println();
        out.println("select and poll hand the kernel every descriptor on every call (O(registered));");
        out.println("epoll keeps the interest list in the kernel and returns only the ready ones (O(ready)).");
        out.println("select cannot watch a descriptor of 1024 or more at all. Measured just now, on this machine.");
        out.flush();
        return 0;
    }

    /** Runs the echo example on {@code kind} with concurrent clients; returns the bytes echoed. */
    private static long echoRound(String kind) throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (SelectorsEcho server = SelectorsEcho.open("127.0.0.1", 0, Selectors.open(kind), quiet)) {
            int port = server.port();
            Thread loop = Thread.ofPlatform().name("tour-" + kind).start(() -> {
                try {
                    server.serve();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            long bytes = 0;
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Long>> done = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    long seed = c;
                    done.add(clients.submit(() -> client(port, seed)));
                }
                for (Future<Long> f : done) {
                    bytes += f.get();
                }
            } finally {
                server.stop();
                loop.join();
            }
            return bytes;
        }
    }

    private static long client(int port, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long bytes = 0;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int m = 0; m < MESSAGES; m++) {
                byte[] message = new byte[1 + random.nextInt(16 * 1024)];
                random.nextBytes(message);
                out.write(message);
                byte[] echoed = new byte[message.length];
                in.readFully(echoed);
                if (!Arrays.equals(message, echoed)) {
                    throw new IllegalStateException("the echo server corrupted a message of client " + seed);
                }
                bytes += message.length;
            }
        }
        return bytes;
    }

    /** Median microseconds of one select(0) on {@code kind} with {@code n} registered, one ready; NaN if select cannot. */
    private static double waitCost(String kind, int n) throws IOException {
        List<NativeSocket> sockets = new ArrayList<>();
        try (Selector selector = Selectors.open(kind); Arena arena = Arena.ofConfined()) {
            NativeSocket[] ready = null;
            for (int i = 0; i < n; i++) {
                NativeSocket[] pair = NativeSocket.pair();
                sockets.addAll(List.of(pair));
                if (kind.equals("select") && pair[0].fileno() >= org.iomodels.sys.Select.FD_SETSIZE) {
                    return Double.NaN;
                }
                selector.register(pair[0], EVENT_READ);
                ready = pair;
            }
            Libc.write(ready[1].fileno(), arena.allocate(1), 1);
            double[] runs = new double[5];
            int calls = 2000;
            for (int r = 0; r < runs.length; r++) {
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    if (selector.select(Duration.ZERO).size() != 1) {
                        throw new IllegalStateException(kind + " did not report exactly the one ready socket");
                    }
                }
                runs[r] = (System.nanoTime() - start) / 1e3 / calls;
            }
            Arrays.sort(runs);
            return runs[runs.length / 2];
        } finally {
            sockets.forEach(NativeSocket::close);
        }
    }
}
