package org.iomodels.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Client side of the engine contract tests: sockets that cannot hang a test, a deterministic byte
 * stream checked incrementally, a writer/reader pair per connection (so a large echo cannot
 * deadlock on full buffers), and counts of this process's descriptors and engine threads.
 */
final class EchoClients {
    static final int MIB = 1 << 20;
    /** No client read waits longer than this: a silent server fails the test instead of hanging it. */
    static final int READ_TIMEOUT_MS = 20_000;

    private static final Pattern ENGINE_THREAD = Pattern.compile("\"name\": \"iomodels-");
    private static boolean warm;

    private EchoClients() {}

    /** A connected socket with a read timeout and Nagle off (tiny writes go out as tiny segments). */
    static Socket connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(address, 5_000);
            s.setSoTimeout(READ_TIMEOUT_MS);
            s.setTcpNoDelay(true);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Sends {@code message} and asserts exactly it comes back. */
    static void roundTrip(Socket s, byte[] message) throws IOException {
        s.getOutputStream().write(message);
        byte[] back = s.getInputStream().readNBytes(message.length);
        assertArrayEquals(message, back, "echo of " + message.length + " bytes on " + s.getLocalSocketAddress());
    }

    static void roundTrip(Socket s, String message) throws IOException {
        roundTrip(s, message.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Asserts the server closes {@code s} (end of stream or reset) within {@code within}, sending nothing. */
    static void awaitServerClose(Socket s, Duration within, String what) throws IOException {
        int old = s.getSoTimeout();
        s.setSoTimeout((int) within.toMillis());
        try {
            int b = s.getInputStream().read();
            if (b != -1) {
                fail(what + ": expected the server to close, but it sent byte " + b);
            }
        } catch (SocketTimeoutException e) {
            fail(what + ": the server did not close the connection within " + within.toMillis() + " ms");
        } catch (IOException e) {
            // reset by the server: closed too
        } finally {
            if (!s.isClosed()) {
                s.setSoTimeout(old);
            }
        }
    }

    /**
     * Writes messages of {@code sizes} from the stream {@code seed}, each in random splits, from a
     * virtual thread, while this thread reads the echo in random sizes (pausing now and then, so the
     * server must queue) and checks every byte. {@code halfway}, if not null, runs on the writer
     * after half the messages. Returns the bytes echoed.
     */
    static long exchange(Socket s, long seed, int[] sizes, Runnable halfway) throws Exception {
        long total = Arrays.stream(sizes).asLongStream().sum();
        AtomicReference<Throwable> writeFailure = new AtomicReference<>();
        OutputStream out = s.getOutputStream();
        Thread writer = Thread.ofVirtual().name("contract-writer").start(() -> {
            try {
                writeMessages(out, seed, sizes, halfway);
            } catch (Throwable t) {
                writeFailure.set(t);
            }
        });
        try {
            readAndCheck(s.getInputStream(), new ByteStream(seed), total, new Random(~seed));
        } catch (Throwable t) {
            s.close(); // unblocks the writer
            writer.join(READ_TIMEOUT_MS);
            if (writeFailure.get() != null) {
                t.addSuppressed(writeFailure.get());
            }
            throw t;
        }
        writer.join(READ_TIMEOUT_MS);
        if (writer.isAlive() || writeFailure.get() != null) {
            throw new AssertionError("the writer " + (writer.isAlive() ? "is stuck" : "failed"), writeFailure.get());
        }
        return total;
    }

    private static void writeMessages(OutputStream out, long seed, int[] sizes, Runnable halfway) throws IOException {
        ByteStream stream = new ByteStream(seed);
        Random rnd = new Random(seed * 31 + 7);
        byte[] buf = new byte[Arrays.stream(sizes).max().orElse(1)];
        for (int m = 0; m < sizes.length; m++) {
            if (m == sizes.length / 2 && halfway != null) {
                halfway.run();
            }
            stream.fill(buf, 0, sizes[m]);
            for (int off = 0; off < sizes[m]; ) {
                int n = chunk(rnd, sizes[m] - off);
                out.write(buf, off, n);
                off += n;
            }
        }
    }

    /** A write size: tiny, medium or a large part of what is left, a third of the time each. */
    private static int chunk(Random rnd, int left) {
        int n = switch (rnd.nextInt(3)) {
            case 0 -> 1 + rnd.nextInt(16);
            case 1 -> 1 + rnd.nextInt(8192);
            default -> 1 + rnd.nextInt(left);
        };
        return Math.min(n, left);
    }

    /** Reads {@code total} bytes in random sizes and checks them against {@code expected}. */
    static void readAndCheck(InputStream in, ByteStream expected, long total, Random rnd) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long got = 0;
        while (got < total) {
            int want = (int) Math.min(total - got, 1 + rnd.nextInt(buf.length));
            int n = in.read(buf, 0, want);
            if (n < 0) {
                throw new AssertionError("end of stream after " + got + " of " + total + " echoed bytes");
            }
            expected.check(buf, 0, n);
            got += n;
            if (rnd.nextInt(64) == 0) {
                sleep(2); // a slow reader now and then: the server must queue and write partially
            }
        }
    }

    /** {@code count} sizes from 1 to {@code max}, spread evenly on a log scale. */
    static int[] logUniformSizes(Random rnd, int count, int max) {
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = (int) Math.max(1, Math.min(max, Math.round(Math.exp(rnd.nextDouble() * Math.log(max)))));
        }
        return sizes;
    }

    /** The bytes of stream {@code seed} from 0 to {@code n}. */
    static byte[] streamBytes(long seed, int n) {
        byte[] b = new byte[n];
        new ByteStream(seed).fill(b, 0, n);
        return b;
    }

    /** Entries of /proc/self/fd: the descriptors this process holds. */
    static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** What each open descriptor is (a path, pipe, or a TCP socket's ports and state), sorted: for failure messages. */
    static List<String> fdTargets() {
        Map<String, String> tcp = tcpSockets();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return fd.getFileName() + "->" + target + tcp.getOrDefault(target, "");
                } catch (IOException e) {
                    return fd.getFileName() + "->(gone)";
                }
            }).sorted().toList();
        } catch (IOException e) {
            return List.of("cannot list /proc/self/fd: " + e);
        }
    }

    /** "socket:[inode]" to " local port -> remote port, state" for this process's TCP sockets (/proc/net/tcp). */
    private static Map<String, String> tcpSockets() {
        Map<String, String> byInode = new HashMap<>();
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                    int remote = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
                    byInode.put("socket:[" + f[9] + "]", " (tcp " + local + "->" + remote + " state 0x" + f[3] + ")");
                }
            } catch (IOException | RuntimeException e) {
                // diagnostics only
            }
        }
        return byInode;
    }

    /** Threads, platform and virtual, whose name starts with "iomodels-" (from a JSON thread dump). */
    static int engineThreads() throws IOException {
        Path dump = Files.createTempFile("iomodels-threads", ".json");
        try {
            Files.delete(dump); // dumpThreads refuses to overwrite
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            Matcher m = ENGINE_THREAD.matcher(Files.readString(dump));
            int n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    /**
     * Makes the JDK open the descriptors it opens once and keeps (the virtual-thread poller, NIO's
     * internals), so that a count taken after this sees only what a server leaves behind.
     */
    static synchronized void warmUp() throws Exception {
        if (warm) {
            return;
        }
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket ss = new ServerSocket(0, 50, loopback)) {
            Thread echo = Thread.ofVirtual().start(() -> {
                try (Socket c = ss.accept()) {
                    c.getOutputStream().write(c.getInputStream().read());
                } catch (IOException e) {
                    // the client below reports it
                }
            });
            Thread client = Thread.ofVirtual().start(() -> {
                try (Socket s = connect(new InetSocketAddress(loopback, ss.getLocalPort()))) {
                    roundTrip(s, new byte[] {42});
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            client.join(READ_TIMEOUT_MS);
            echo.join(READ_TIMEOUT_MS);
        }
        SocketChannel.open().close();
        java.nio.channels.Selector.open().close();
        engineThreads();
        warm = true;
    }

    /** Polls {@code condition} every 10 ms; fails with {@code what} if it is not true within {@code within}. */
    static void waitUntil(BooleanSupplier condition, Duration within, String what) {
        waitUntil(condition, within, () -> what);
    }

    /** As above, the message computed at failure (so it can show the last value seen). */
    static void waitUntil(BooleanSupplier condition, Duration within, Supplier<String> what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + within.toMillis() + " ms: " + what.get());
            }
            sleep(10);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
