package org.iomodels.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.iomodels.server.Conn;
import org.iomodels.server.Handler;

/**
 * The file-serving half of the sendFile contract: fixture files of awkward sizes, a handler that
 * answers each request line by interleaving {@code write} and {@code sendFile}, and a client that
 * pipelines requests and checks every byte of every answer, in order.
 *
 * <p>A request is {@code "<seq> <file> <position> <count> [<file> <position> <count>]...\n"}; the
 * answer is {@code "[<seq>]"}, then each slice, a {@code "|"} written between two slices, then
 * {@code "\n"}. A slice whose sendFile throws is answered {@code "!"} (IOException) or {@code "?"}
 * (IllegalArgumentException) in its place. File {@code -1} is a file that does not exist, file
 * {@code -2} the handler's {@link Server#extra} file.
 */
final class FileServing {
    static final int[] SIZES = {0, 1, 4095, 4096, (1 << 20) + 17, 8 << 20};
    static final int BIG = SIZES.length - 1;
    private static Path dir;
    private static List<Path> files;
    private static List<byte[]> contents;

    private FileServing() {}

    /** The fixture files, made once per test JVM (deleted at its exit). */
    static synchronized List<Path> files() {
        if (files == null) {
            try {
                dir = Files.createTempDirectory("iomodels-sendfile");
                dir.toFile().deleteOnExit();
                List<Path> paths = new ArrayList<>();
                List<byte[]> bytes = new ArrayList<>();
                for (int i = 0; i < SIZES.length; i++) {
                    byte[] b = EchoClients.streamBytes(1000 + i, SIZES[i]);
                    Path p = Files.write(dir.resolve("file-" + SIZES[i] + ".bin"), b);
                    p.toFile().deleteOnExit();
                    paths.add(p);
                    bytes.add(b);
                }
                contents = bytes;
                files = paths;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    static Path dir() {
        files();
        return dir;
    }

    static byte[] content(int file) {
        files();
        return contents.get(file);
    }

    /** One slice of a request: a fixture file (or -1, a missing one), a position and a count. */
    record Slice(int file, long position, long count) {
        static Slice whole(int file) {
            return new Slice(file, 0, SIZES[file]);
        }

        /** A random slice of a random file: a whole file one time in four, else a random range in it. */
        static Slice random(Random rnd, int maxFile) {
            int file = rnd.nextInt(maxFile + 1);
            if (rnd.nextInt(4) == 0) {
                return whole(file);
            }
            long position = rnd.nextLong(SIZES[file] + 1L);
            return new Slice(file, position, rnd.nextLong(SIZES[file] - position + 1));
        }
    }

    static String request(int seq, List<Slice> slices) {
        StringBuilder line = new StringBuilder().append(seq);
        for (Slice s : slices) {
            line.append(' ').append(s.file).append(' ').append(s.position).append(' ').append(s.count);
        }
        return line.append('\n').toString();
    }

    /** The handler: answers each request line, on the calling thread or, in order, on {@code worker}. */
    static final class Server implements Handler {
        private final Executor worker;
        final AtomicInteger started = new AtomicInteger();
        final List<Exception> refused = new CopyOnWriteArrayList<>();
        final Map<Long, Long> bytesOutAtClose = new ConcurrentHashMap<>();
        final Map<Long, Conn> conns = new ConcurrentHashMap<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        /** File -2: one a test makes (and changes). */
        volatile Path extra;

        Server(Executor worker) {
            this.worker = worker;
        }

        @Override
        public void onOpen(Conn conn) {
            conns.put(conn.id(), conn);
            conn.attach(new StringBuilder());
        }

        @Override
        public void onData(Conn conn, ByteBuffer data) {
            StringBuilder line = (StringBuilder) conn.attachment();
            while (data.hasRemaining()) {
                char c = (char) data.get();
                if (c != '\n') {
                    line.append(c);
                    continue;
                }
                String request = line.toString();
                line.setLength(0);
                if (worker == null) {
                    answer(conn, request);
                } else {
                    worker.execute(() -> answer(conn, request));
                }
            }
        }

        private void answer(Conn conn, String request) {
            started.incrementAndGet();
            String[] f = request.split(" ");
            conn.write(ascii("[" + f[0] + "]"));
            for (int i = 1; i + 2 < f.length; i += 3) {
                if (i > 1) {
                    conn.write(ascii("|"));
                }
                int file = Integer.parseInt(f[i]);
                Path path = file == -1 ? dir().resolve("missing.bin") : file == -2 ? extra : files().get(file);
                try {
                    conn.sendFile(path, Long.parseLong(f[i + 1]), Long.parseLong(f[i + 2]));
                } catch (IOException e) {
                    refused.add(e);
                    conn.write(ascii("!"));
                } catch (IllegalArgumentException e) {
                    refused.add(e);
                    conn.write(ascii("?"));
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                    throw e;
                }
            }
            conn.write(ascii("\n"));
        }

        @Override
        public void onClose(Conn conn, Throwable cause) {
            bytesOutAtClose.put(conn.id(), conn.stats().bytesOut());
        }
    }

    static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** The bytes answering {@code seq}: what the client must read, in order. */
    static long answerLength(int seq, List<Slice> slices) {
        long n = ("[" + seq + "]").length() + Math.max(0, slices.size() - 1) + 1;
        for (Slice s : slices) {
            n += s.file < 0 || s.position < 0 || s.count < 0 ? 1 : s.count;
        }
        return n;
    }

    /**
     * Sends every request from a virtual thread (in random splits, without waiting for answers)
     * while this thread reads the answers and checks each byte. Returns the bytes read.
     */
    static long exchange(Socket s, List<List<Slice>> requests, Random rnd) throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < requests.size(); i++) {
            all.append(request(i, requests.get(i)));
        }
        byte[] out = all.toString().getBytes(StandardCharsets.US_ASCII);
        AtomicReference<Throwable> writeFailure = new AtomicReference<>();
        long seed = rnd.nextLong();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                writeInSplits(s.getOutputStream(), out, new Random(seed));
            } catch (Throwable t) {
                writeFailure.set(t);
            }
        });
        long total = 0;
        DataInputStream in = new DataInputStream(s.getInputStream());
        for (int i = 0; i < requests.size(); i++) {
            total += readAnswer(in, i, requests.get(i));
        }
        writer.join(EchoClients.READ_TIMEOUT_MS);
        if (writeFailure.get() != null) {
            throw new AssertionError("the request writer failed", writeFailure.get());
        }
        return total;
    }

    private static void writeInSplits(OutputStream out, byte[] bytes, Random rnd) throws IOException {
        for (int off = 0; off < bytes.length; ) {
            int n = Math.min(bytes.length - off, 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 400));
            out.write(bytes, off, n);
            off += n;
        }
    }

    /** Reads and checks the answer to request {@code seq}; returns its length. */
    static long readAnswer(DataInputStream in, int seq, List<Slice> slices) throws IOException {
        expect(in, "[" + seq + "]", seq);
        for (int i = 0; i < slices.size(); i++) {
            if (i > 0) {
                expect(in, "|", seq);
            }
            Slice s = slices.get(i);
            if (s.file < 0) {
                expect(in, "!", seq);
            } else if (s.position < 0 || s.count < 0) {
                expect(in, "?", seq);
            } else {
                expectSlice(in, s, seq);
            }
        }
        expect(in, "\n", seq);
        return answerLength(seq, slices);
    }

    static void expect(DataInputStream in, String text, int seq) throws IOException {
        byte[] got = new byte[text.length()];
        in.readFully(got);
        assertEquals(text, new String(got, StandardCharsets.US_ASCII), "answer " + seq);
    }

    static void expectSlice(DataInputStream in, Slice s, int seq) throws IOException {
        byte[] expected = content(s.file);
        byte[] buf = new byte[64 << 10];
        for (long done = 0; done < s.count; ) {
            int n = (int) Math.min(buf.length, s.count - done);
            in.readFully(buf, 0, n);
            int from = (int) (s.position + done);
            int at = Arrays.mismatch(buf, 0, n, expected, from, from + n);
            if (at >= 0) {
                assertArrayEquals(Arrays.copyOfRange(expected, from + at, from + Math.min(n, at + 16)),
                        Arrays.copyOfRange(buf, at, Math.min(n, at + 16)),
                        "answer " + seq + ": byte " + (done + at) + " of " + s + " differs");
            }
            done += n;
        }
    }
}
