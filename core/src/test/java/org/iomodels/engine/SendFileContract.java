package org.iomodels.engine;

import static org.iomodels.engine.EchoClients.MIB;
import static org.iomodels.engine.EchoClients.connect;
import static org.iomodels.engine.EchoClients.waitUntil;
import static org.iomodels.engine.FileServing.BIG;
import static org.iomodels.engine.FileServing.SIZES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.iomodels.engine.FileServing.Slice;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.iomodels.server.ShortFileException;
import org.junit.jupiter.api.Test;

/**
 * The sendFile half of the engine contract: file bytes and written bytes leave in the order they
 * were queued, byte for byte, whatever the slice (empty, one byte, a page, 8 MiB, any offset);
 * from the loop's thread or another; a queued file counts toward backpressure; a file shorter
 * than promised aborts only its connection; a file that cannot be opened throws and queues
 * nothing; and no descriptor or mapping is left behind.
 */
abstract class SendFileContract extends EngineLifecycleContract {
    private static final long SEED = 0x5E_4DF1L;

    /**
     * High water marks, so that requests go on being read while answers wait: most answers are
     * queued behind others, their writes and files interleaved in the queue.
     */
    @Test
    void sendFileInterleavedWithWritesArrivesInOrderByteExact() throws Exception {
        servePipelined(baseConfig().withWriteWaterMarks(32 << 20, 64 << 20), null, 4, 12);
    }

    @Test
    void sendFileFromAnotherThreadKeepsItsPlaceInTheQueue() throws Exception {
        try (ExecutorService worker = Executors.newSingleThreadExecutor()) {
            servePipelined(baseConfig(), worker, 2, 8);
        }
    }

    /** {@code connections} clients at once, each pipelining {@code requests} random requests. */
    private void servePipelined(ServerConfig config, ExecutorService worker, int connections, int requests) throws Exception {
        FileServing.Server files = new FileServing.Server(worker);
        RecordingHandler h = recording(new RecordingHandler(files));
        Random rnd = new Random(SEED + connections);
        try (Server server = start(config, h); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> done = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                List<List<Slice>> plan = plan(new Random(rnd.nextLong()), requests, c);
                long seed = rnd.nextLong();
                done.add(pool.submit(() -> {
                    try (Socket s = connect(server.address())) {
                        return FileServing.exchange(s, plan, new Random(seed));
                    }
                }));
            }
            long total = 0;
            for (Future<Long> f : done) {
                total += f.get(50, TimeUnit.SECONDS);
            }
            long expected = total;
            waitUntil(() -> h.closes() == connections, SOON, "every connection closed once");
            assertNull(files.failure.get(), "the handler failed");
            assertEquals(expected, files.bytesOutAtClose.values().stream().mapToLong(Long::longValue).sum(),
                    "ConnStats.bytesOut summed over the connections counts the file bytes");
            waitUntil(() -> server.counters().bytesOut() == expected, SOON,
                    () -> "server counters' bytesOut " + server.counters().bytesOut() + ", bytes answered " + expected);
        }
    }

    /** Random requests of one or two slices; connection 0 also asks for each file whole. */
    private static List<List<Slice>> plan(Random rnd, int requests, int connection) {
        List<List<Slice>> plan = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            List<Slice> slices = new ArrayList<>();
            slices.add(connection == 0 && i < SIZES.length ? Slice.whole(i) : Slice.random(rnd, BIG));
            if (rnd.nextInt(3) == 0) {
                slices.add(Slice.random(rnd, BIG - 1));
            }
            plan.add(slices);
        }
        return plan;
    }

    @Test
    void aQueuedFileCountsTowardBackpressureAndArrivesWhole() throws Exception {
        FileServing.Server files = new FileServing.Server(null);
        RecordingHandler h = recording(new RecordingHandler(files));
        int requests = 6;
        try (Server server = start(baseConfig().withWriteWaterMarks(64 << 10, 256 << 10), h);
                Socket s = connect(server.address())) {
            for (int i = 0; i < requests; i++) { // one at a time, so that no read takes two
                s.getOutputStream().write(FileServing.request(i, List.of(Slice.whole(BIG))).getBytes());
                EchoClients.sleep(30);
            }
            EchoClients.sleep(500);
            int startedWhileStalled = files.started.get();
            assertTrue(startedWhileStalled >= 1 && startedWhileStalled <= 2, startedWhileStalled
                    + " of " + requests + " requests answered while the peer read nothing: a queued 8 MiB file should stop reading");
            assertTrue(h.maxPending() <= 2 * (8L * MIB + 64), "pendingBytes reached " + h.maxPending());
            DataInputStream in = new DataInputStream(s.getInputStream());
            for (int i = 0; i < requests; i++) {
                FileServing.readAnswer(in, i, List.of(Slice.whole(BIG)));
            }
            assertEquals(requests, files.started.get());
        }
    }

    @Test
    void aFileShorterThanPromisedAbortsOnlyItsConnection() throws Exception {
        FileServing.Server files = new FileServing.Server(null);
        RecordingHandler h = recording(new RecordingHandler(files));
        try (Server server = start(baseConfig(), h)) {
            // 4095 bytes exist, 10,000 are promised; then a position past the end of a 1-byte file.
            for (Slice promise : List.of(new Slice(2, 0, 10_000), new Slice(1, 5, 10))) {
                try (Socket s = connect(server.address())) {
                    s.getOutputStream().write(FileServing.request(0, List.of(promise)).getBytes());
                    long got = readUntilClosed(s.getInputStream());
                    assertTrue(got < "[0]".length() + promise.count(), "the peer got " + got + " bytes of " + promise);
                    long id = h.idOfClientPort(s.getLocalPort());
                    waitUntil(() -> h.closesOf(id) == 1, SOON, "onClose of the aborted connection");
                    assertTrue(hasInChain(h.causeOf(id), ShortFileException.class), "cause " + h.causeOf(id));
                    waitUntil(() -> files.conns.get(id).pendingBytes() == 0, SOON,
                            () -> "pendingBytes() after the abort: " + files.conns.get(id).pendingBytes());
                }
            }
            try (Socket again = connect(server.address())) {
                FileServing.exchange(again, List.of(List.of(Slice.whole(2)), List.of(Slice.whole(4))), new Random(1));
            }
        }
    }

    /**
     * The file shrinks after sendFile queued it, while 32 MiB ahead of it wait for a peer that
     * does not read: more than a socket's buffers hold (tcp_wmem's default maximum is 4 MiB).
     */
    @Test
    void aFileTruncatedAfterItWasQueuedAbortsItsConnection(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        FileServing.Server files = new FileServing.Server(null);
        RecordingHandler h = recording(new RecordingHandler(files));
        Path copy = Files.copy(FileServing.files().get(4), tmp.resolve("shrinking.bin"));
        try (Server server = start(baseConfig(), h); Socket s = new Socket()) {
            s.setReceiveBufferSize(64 << 10); // so that little is in flight
            s.connect(server.address(), 5_000);
            s.setSoTimeout(EchoClients.READ_TIMEOUT_MS);
            files.extra = copy;
            List<Slice> ahead = java.util.Collections.nCopies(4, Slice.whole(BIG));
            List<Slice> answer = new ArrayList<>(ahead);
            answer.add(new Slice(-2, 0, SIZES[4]));
            s.getOutputStream().write(FileServing.request(0, answer).getBytes());
            waitUntil(() -> files.started.get() == 1, SOON, "the request is being answered");
            EchoClients.sleep(200); // the loop engines have queued both files by now; the thread engines are sending the first
            try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                ch.truncate(100);
            }
            DataInputStream in = new DataInputStream(s.getInputStream());
            FileServing.expect(in, "[0]", 0);
            for (Slice slice : ahead) {
                FileServing.expectSlice(in, slice, 0);
                FileServing.expect(in, "|", 0);
            }
            long rest = readUntilClosed(in);
            assertTrue(rest < SIZES[4], "after the 32 MiB, " + rest + " bytes of a file truncated to 100");
            long id = h.idOfClientPort(s.getLocalPort());
            waitUntil(() -> h.closesOf(id) == 1, SOON, "onClose of the aborted connection");
            assertNotNull(h.causeOf(id), "the cause of an abort");
        }
    }

    /** Bytes read until the server closes (end of stream or reset). */
    private static long readUntilClosed(InputStream in) {
        long n = 0;
        byte[] buf = new byte[64 << 10];
        try {
            for (int r; (r = in.read(buf)) >= 0; ) {
                n += r;
            }
        } catch (IOException e) {
            // reset: closed too
        }
        return n;
    }

    @Test
    void aFileThatCannotBeOpenedThrowsAndQueuesNothing() throws Exception {
        FileServing.Server files = new FileServing.Server(null);
        RecordingHandler h = recording(new RecordingHandler(files));
        try (Server server = start(baseConfig(), h); Socket s = connect(server.address())) {
            List<List<Slice>> plan = List.of(
                    List.of(Slice.whole(3), new Slice(-1, 0, 10), Slice.whole(1)),
                    List.of(new Slice(2, -1, 10), new Slice(2, 10, -1)),
                    List.of(new Slice(2, 0, 0), Slice.whole(4)));
            FileServing.exchange(s, plan, new Random(2));
            assertEquals(3, files.refused.size(), "refused: " + files.refused);
            assertInstanceOf(IOException.class, files.refused.get(0));
            assertTrue(files.refused.get(0).getMessage().contains("missing.bin"), files.refused.get(0).getMessage());
            assertInstanceOf(IllegalArgumentException.class, files.refused.get(1));
            assertInstanceOf(IllegalArgumentException.class, files.refused.get(2));
            assertEquals(0, h.closes(), "the connection goes on");
        }
    }

    @Test
    void sendFileLeavesNoDescriptorOrMappingBehind() throws Exception {
        EchoClients.warmUp();
        FileServing.files();
        long fdsBefore = EchoClients.openFds();
        List<String> listedBefore = EchoClients.fdTargets();
        FileServing.Server files = new FileServing.Server(null);
        RecordingHandler h = recording(new RecordingHandler(files));
        Server server = start(baseConfig(), h);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> done = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                Random rnd = new Random(SEED * 3 + c);
                List<List<Slice>> plan = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    plan.add(List.of(Slice.random(rnd, BIG - 1), Slice.random(rnd, BIG - 1)));
                }
                done.add(pool.submit(() -> {
                    try (Socket s = connect(server.address())) {
                        return FileServing.exchange(s, plan, rnd);
                    }
                }));
            }
            for (Future<Long> f : done) {
                f.get(50, TimeUnit.SECONDS);
            }
        }
        leaveMidTransfer(server, false);
        leaveMidTransfer(server, true);
        try (Socket stuck = connect(server.address())) {
            stuck.getOutputStream().write(FileServing.request(0, List.of(Slice.whole(BIG), Slice.whole(BIG))).getBytes());
            waitUntil(() -> files.started.get() >= 3 * 40 + 3, SOON, "the last request is being answered");
            server.close(); // with files queued (or a send blocked) on a peer that does not read
        }
        waitUntil(() -> fds() == fdsBefore, Duration.ofSeconds(5),
                () -> "open descriptors back to " + fdsBefore + " (now " + fds() + ")\n before: " + listedBefore
                        + "\n after:  " + EchoClients.fdTargets());
        waitUntil(() -> mappingsOf(FileServing.dir()).isEmpty(), Duration.ofSeconds(5),
                () -> "mappings of the served files left: " + mappingsOf(FileServing.dir()));
    }

    /** A client that asks for 16 MiB, reads 100 KiB of it, and closes (resets if {@code reset}). */
    private static void leaveMidTransfer(Server server, boolean reset) throws IOException {
        try (Socket s = connect(server.address())) {
            s.getOutputStream().write(FileServing.request(0, List.of(Slice.whole(BIG), Slice.whole(BIG))).getBytes());
            assertEquals(100 << 10, s.getInputStream().readNBytes(100 << 10).length, "the start of the answer");
            if (reset) {
                s.setSoLinger(true, 0);
            }
        }
    }

    /** Lines of /proc/self/maps that map a file under {@code dir}. */
    private static List<String> mappingsOf(Path dir) {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains(dir.toString())).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
