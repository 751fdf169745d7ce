package org.iomodels.bench.claims;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Claim 8's measurement: a file in the page cache sent to a loopback socket (drained by a reader
 * thread) either by {@code sendfile(2)} ({@link FileChannel#transferTo}: the kernel moves the
 * pages, the process touches no byte) or by {@code read(2)} into a buffer and {@code write(2)} out
 * of it (cached I/O: kernel to process, process to kernel). The sender's CPU per MiB, user and
 * system, from the JVM's per-thread CPU clocks.
 */
final class CopyCost {
    /** The sender thread's CPU for {@code mib} MiB: user and system milliseconds per MiB. */
    record Cost(double userMsPerMib, double systemMsPerMib) {
        double total() {
            return userMsPerMib + systemMsPerMib;
        }
    }

    private CopyCost() {}

    /** {@code file} of {@code fileMib} MiB sent {@code rounds} times, by sendfile or by read/write. */
    static Cost measure(Path file, boolean sendfile, int rounds) throws IOException, InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            AtomicLong drained = new AtomicLong();
            try (SocketChannel out = SocketChannel.open(listener.getLocalAddress()); SocketChannel in = listener.accept();
                    FileChannel f = FileChannel.open(file, StandardOpenOption.READ)) {
                Thread reader = Thread.ofPlatform().daemon().name("copy-cost-reader").start(() -> drain(in, drained));
                long size = f.size();
                ByteBuffer buffer = ByteBuffer.allocateDirect(64 << 10);
                long user0 = mx.getCurrentThreadUserTime();
                long cpu0 = mx.getCurrentThreadCpuTime();
                for (int r = 0; r < rounds; r++) {
                    long at = 0;
                    while (at < size) {
                        if (sendfile) {
                            at += f.transferTo(at, size - at, out);
                        } else {
                            buffer.clear();
                            int n = f.read(buffer, at);
                            buffer.flip();
                            while (buffer.hasRemaining()) {
                                out.write(buffer);
                            }
                            at += n;
                        }
                    }
                }
                long user = mx.getCurrentThreadUserTime() - user0;
                long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                out.shutdownOutput();
                reader.join(30_000);
                double mib = rounds * (size / (double) (1 << 20));
                if (drained.get() != rounds * size) {
                    throw new IOException("the reader got " + drained.get() + " bytes of " + rounds * size);
                }
                return new Cost(user / 1e6 / mib, (cpu - user) / 1e6 / mib);
            }
        }
    }

    private static void drain(SocketChannel in, AtomicLong drained) {
        ByteBuffer b = ByteBuffer.allocateDirect(256 << 10);
        try {
            int n;
            while ((n = in.read(b.clear())) >= 0) {
                drained.addAndGet(n);
            }
        } catch (IOException e) {
            // the count says it
        }
    }

    /** A file of {@code mib} MiB of varied bytes, read once so its pages are cached. */
    static Path file(Path dir, int mib) throws IOException {
        Path f = dir.resolve("copy-cost-" + mib + "MiB.bin");
        byte[] chunk = new byte[1 << 20];
        new java.util.Random(8).nextBytes(chunk);
        try (var out = Files.newOutputStream(f)) {
            for (int i = 0; i < mib; i++) {
                out.write(chunk);
            }
        }
        Files.readAllBytes(f);
        return f;
    }
}
