package org.iomodels.engine;

import static org.iomodels.engine.EchoClients.MIB;
import static org.iomodels.engine.EchoClients.connect;
import static org.iomodels.engine.EchoClients.exchange;
import static org.iomodels.engine.EchoClients.roundTrip;
import static org.iomodels.engine.EchoClients.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every engine meets, written once: an echo server on {@link #model()} returns
 * every byte in order under random message sizes and write splits, many connections,
 * half-close, resets and a peer that does not read (with bounded memory); (inherited from
 * {@link ScaleContract}) it echoes a burst on 1,200 connections at once and sleeps until its
 * timers; (from {@link SendFileContract}) it sends files in order with what is written; and (from
 * {@link EngineLifecycleContract}) it enforces its limits, survives a failing handler, counts
 * its syscalls and releases everything on close. A model is done when its few-line subclass
 * passes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class EngineContract extends ScaleContract {
    private static final long SEED = 0x10_0DE15L;
    private static final long BACKPRESSURE_TOTAL = 256L * MIB;
    /** What one read may add to the queue past the high-water mark, twice: the bound's slack. */
    private static final int READ_SLACK = 64 << 10;

    /** Clients held open at once by {@link #manyConcurrentConnections}; they share this JVM's descriptor table. */
    protected int concurrentClients() {
        return 500;
    }

    @Test
    void integrityUnderRandomSizesAndSplits() throws Exception {
        RecordingHandler h = recordingEcho();
        Random rnd = new Random(SEED);
        int connections = 24;
        try (Server server = start(baseConfig(), h); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> done = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                long seed = rnd.nextLong();
                int[] sizes = messageSizes(new Random(seed));
                done.add(pool.submit(() -> {
                    try (Socket s = connect(server.address())) {
                        return exchange(s, seed, sizes, null);
                    }
                }));
            }
            for (Future<Long> f : done) {
                assertTrue(f.get(45, TimeUnit.SECONDS) > MIB);
            }
            waitUntil(() -> h.closes() == connections, SOON, "every connection closed once");
        }
    }

    /** 1 byte, 1 MiB and six sizes between, log-uniform, in random order. */
    private static int[] messageSizes(Random rnd) {
        int[] between = EchoClients.logUniformSizes(rnd, 6, MIB);
        List<Integer> sizes = new ArrayList<>(List.of(1, MIB));
        for (int s : between) {
            sizes.add(s);
        }
        Collections.shuffle(sizes, rnd);
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void manyConcurrentConnections() throws Exception {
        int n = concurrentClients();
        RecordingHandler h = recordingEcho();
        CountDownLatch connected = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        try (Server server = start(baseConfig(), h); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long seed = SEED + i;
                done.add(pool.submit(() -> {
                    manyClient(server.address(), seed, connected, release);
                    return null;
                }));
            }
            try {
                boolean all = connected.await(30, TimeUnit.SECONDS);
                assertTrue(all || failureOf(done), (n - connected.getCount()) + " of " + n + " clients connected and echoed");
                assertEquals(n, server.stats().open(), "connections open at once");
            } finally {
                release.countDown();
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            waitUntil(() -> h.closes() == n, SOON, () -> "every connection closed once (" + h.closes() + " of " + n + ")");
        }
    }

    private static void manyClient(InetSocketAddress address, long seed, CountDownLatch connected, CountDownLatch release)
            throws Exception {
        Random rnd = new Random(seed);
        try (Socket s = connect(address)) {
            roundTrip(s, EchoClients.streamBytes(seed, 1 + rnd.nextInt(16 << 10)));
            connected.countDown();
            if (!release.await(40, TimeUnit.SECONDS)) {
                fail("never released");
            }
            for (int m = 1; m < 3; m++) {
                roundTrip(s, EchoClients.streamBytes(seed * 3 + m, 1 + rnd.nextInt(16 << 10)));
            }
        }
    }

    /** Whether a future finished with a failure (then get() reports it better than a count). */
    private static boolean failureOf(List<Future<?>> futures) throws Exception {
        for (Future<?> f : futures) {
            if (f.isDone()) {
                f.get();
            }
        }
        return false;
    }

    @Test
    void halfCloseEchoesEverythingThenCloses() throws Exception {
        RecordingHandler h = recordingEcho();
        int[] sizes = {1, 1000, 3 * MIB + 17};
        try (Server server = start(baseConfig(), h)) {
            for (int n : sizes) {
                try (Socket s = connect(server.address())) {
                    byte[] data = EchoClients.streamBytes(n, n);
                    Thread writer = Thread.ofVirtual().start(() -> {
                        try {
                            s.getOutputStream().write(data);
                            s.shutdownOutput();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    byte[] back = readToEnd(s.getInputStream(), n + 1);
                    writer.join();
                    assertEquals(n, back.length, "bytes echoed before end of stream after a half-close");
                    assertArrayEquals(data, back, "echo after a half-close of " + n + " bytes");
                }
            }
            waitUntil(() -> h.closes() == sizes.length, SOON, "onClose after each half-close");
            for (long id : h.ids()) {
                assertNull(h.causeOf(id), "an orderly close has a null cause");
            }
        }
    }

    /** Reads until end of stream (at most {@code max} bytes); a server that never closes fails the test. */
    private static byte[] readToEnd(InputStream in, int max) throws java.io.IOException {
        try {
            return in.readNBytes(max);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close after echoing a half-closed stream", e);
        }
    }

    @Test
    void resetsMidStreamLeaveTheOthersIntact() throws Exception {
        RecordingHandler h = recordingEcho();
        int good = 4;
        int resetters = 3;
        CountDownLatch halfway = new CountDownLatch(good);
        CountDownLatch resetsDone = new CountDownLatch(1);
        Runnable pause = () -> {
            halfway.countDown();
            awaitQuietly(resetsDone);
        };
        try (Server server = start(baseConfig(), h); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> done = new ArrayList<>();
            for (int i = 0; i < good; i++) {
                long seed = SEED * 7 + i;
                done.add(pool.submit(() -> {
                    try (Socket s = connect(server.address())) {
                        return exchange(s, seed, new int[] {MIB, 2 * MIB, MIB, 2 * MIB}, pause);
                    }
                }));
            }
            try {
                assertTrue(halfway.await(30, TimeUnit.SECONDS), "the good clients reached half their transfer");
                for (int i = 0; i < resetters; i++) {
                    resetMidMessage(server.address(), SEED + 100 + i);
                }
            } finally {
                resetsDone.countDown();
            }
            for (Future<Long> f : done) {
                assertEquals(6L * MIB, f.get(45, TimeUnit.SECONDS));
            }
            try (Socket after = connect(server.address())) {
                roundTrip(after, "after the resets");
            }
            int total = good + resetters + 1;
            waitUntil(() -> h.closes() == total && h.opens() == total, SOON,
                    () -> total + " connections opened and closed (" + h.opens() + " opened, " + h.closes() + " closed)");
            EchoClients.sleep(200); // room for a late, second onClose
            for (long id : h.ids()) {
                assertEquals(1, h.closesOf(id), "onClose calls of connection " + id);
            }
        }
    }

    /** Sends 512 KiB of a 4 MiB message, sees the echo start, then resets (SO_LINGER 0). */
    private static void resetMidMessage(InetSocketAddress address, long seed) throws Exception {
        try (Socket s = connect(address)) {
            byte[] part = EchoClients.streamBytes(seed, 512 << 10);
            s.getOutputStream().write(part);
            byte[] start = s.getInputStream().readNBytes(1024);
            assertArrayEquals(java.util.Arrays.copyOf(part, 1024), start, "echo before the reset");
            s.setSoLinger(true, 0);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aPeerThatDoesNotReadIsThrottledWithBoundedMemory() throws Exception {
        int low = 64 << 10;
        int high = 256 << 10;
        RecordingHandler h = recordingEcho();
        ServerConfig config = baseConfig().withWriteWaterMarks(low, high);
        try (Server server = start(config, h); SocketChannel ch = SocketChannel.open(server.address())) {
            ByteStream out = new ByteStream(SEED);
            ByteBuffer buf = ByteBuffer.allocate(256 << 10).limit(0);
            long accepted = sendUntilStalled(ch, out, buf);
            assertTrue(accepted < 64L * MIB, "the server kept reading a peer that does not read: "
                    + accepted / MIB + " MiB accepted without the peer reading any echo");
            assertTrue(h.maxPending() <= high + 2 * READ_SLACK, "server-side queue reached "
                    + h.maxPending() + " bytes with writeHighWater " + high);
            ch.configureBlocking(true);
            AtomicReference<Throwable> writeFailure = new AtomicReference<>();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    sendRest(ch, out, buf);
                } catch (Throwable t) {
                    writeFailure.set(t);
                }
            });
            new ByteStream(SEED).receiveAndCheck(ch, BACKPRESSURE_TOTAL);
            writer.join(EchoClients.READ_TIMEOUT_MS);
            assertNull(writeFailure.get(), "writer failed: " + writeFailure.get());
            assertTrue(h.maxPending() <= high + 2 * READ_SLACK, "server-side queue reached "
                    + h.maxPending() + " bytes with writeHighWater " + high);
        }
    }

    /** Writes (non-blocking) until the channel has taken nothing for 0.4 s (a shorter stall only lowers the count the test bounds); returns the bytes it took. */
    private static long sendUntilStalled(SocketChannel ch, ByteStream out, ByteBuffer buf) throws Exception {
        ch.configureBlocking(false);
        long sent = 0;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() - lastProgress < 400_000_000L && out.position() - buf.remaining() < BACKPRESSURE_TOTAL) {
            out.refill(buf, BACKPRESSURE_TOTAL);
            int n = ch.write(buf);
            if (n > 0) {
                sent += n;
                lastProgress = System.nanoTime();
            } else {
                EchoClients.sleep(5);
            }
        }
        return sent;
    }

    private static void sendRest(SocketChannel ch, ByteStream out, ByteBuffer buf) throws Exception {
        while (buf.hasRemaining() || out.position() < BACKPRESSURE_TOTAL) {
            out.refill(buf, BACKPRESSURE_TOTAL);
            ch.write(buf);
        }
    }
}
