package org.iomodels.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.iomodels.sys.IoUring;
import org.iomodels.sys.Libc;
import org.iomodels.sys.NativeSocket;
import org.iomodels.sys.Socket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ring driven from Java: entries in, completions out, in both directions across the kernel. */
class IoUringRingTest {
    @BeforeAll
    static void supported() {
        Assumptions.assumeTrue(IoUring.isSupported(), () -> "io_uring: " + IoUring.unsupportedReason());
    }

    /** Waits until {@code count} completions arrived; returns result by user data. */
    private static Map<Long, Integer> complete(IoUringRing ring, int count) throws IOException {
        Map<Long, Integer> results = new HashMap<>();
        ring.submitAndWait(count);
        while (results.size() < count) {
            int n = ring.ready();
            for (int i = 0; i < n; i++) {
                results.put(ring.userData(i), ring.result(i));
            }
            ring.advance(n);
            if (results.size() < count) {
                ring.submitAndWait(1);
            }
        }
        return results;
    }

    @Test
    void aNopComesBackWithItsUserData() throws IOException {
        try (IoUringRing ring = new IoUringRing(8, 16, 0)) {
            assertTrue(ring.prepare(IoUring.OP_NOP, -1, 42) >= 0);
            assertEquals(1, ring.unsubmitted());
            assertEquals(Map.of(42L, 0), complete(ring, 1));
            assertEquals(0, ring.ready());
            assertEquals(0, ring.overflow());
        }
    }

    @Test
    void sendAndRecvThroughTheRingOnASocketPair() throws IOException {
        int[] pair = Socket.socketpair(Socket.SOCK_STREAM);
        try (IoUringRing ring = new IoUringRing(8, 16, 0); Arena arena = Arena.ofConfined()) {
            byte[] hello = "hello, ring".getBytes(StandardCharsets.US_ASCII);
            MemorySegment out = arena.allocateFrom(ValueLayout.JAVA_BYTE, hello);
            MemorySegment in = arena.allocate(64);
            long recv = ring.prepare(IoUring.OP_RECV, pair[1], 2);
            ring.setAddress(recv, in.address(), 64);
            long send = ring.prepare(IoUring.OP_SEND, pair[0], 1);
            ring.setAddress(send, out.address(), hello.length);
            ring.setOpFlags(send, Socket.MSG_NOSIGNAL);
            Map<Long, Integer> results = complete(ring, 2);
            assertEquals(hello.length, results.get(1L));
            assertEquals(hello.length, results.get(2L));
            assertArrayEquals(hello, in.asSlice(0, hello.length).toArray(ValueLayout.JAVA_BYTE));
        } finally {
            Libc.close(pair[0]);
            Libc.close(pair[1]);
        }
    }

    @Test
    void aFullSubmissionQueueSaysSoUntilSubmitted() throws IOException {
        try (IoUringRing ring = new IoUringRing(4, 8, 0)) {
            for (int i = 0; i < 4; i++) {
                assertTrue(ring.prepare(IoUring.OP_NOP, -1, i) >= 0);
            }
            assertEquals(-1, ring.prepare(IoUring.OP_NOP, -1, 99));
            assertEquals(4, complete(ring, 4).size());
            assertEquals(4, ring.sqSpace());
        }
    }

    @Test
    void acceptCompletesWithTheNewDescriptor() throws IOException {
        try (NativeSocket listener = NativeSocket.listen("127.0.0.1", 0, 16, true);
             IoUringRing ring = new IoUringRing(8, 16, IoUring.SETUP_SINGLE_ISSUER)) {
            ring.prepare(IoUring.OP_ACCEPT, listener.fileno(), 7);
            ring.submitAndWait(0);
            try (java.net.Socket client = new java.net.Socket("127.0.0.1", listener.localAddress().getPort())) {
                int fd = awaitOne(ring);
                assertTrue(fd > 2, "accepted fd " + fd);
                Libc.close(fd);
            }
        }
    }

    private static int awaitOne(IoUringRing ring) throws IOException {
        ring.submitAndWait(1);
        assertEquals(1, ring.ready());
        assertEquals(7, ring.userData(0));
        int fd = ring.result(0);
        ring.advance(1);
        return fd;
    }

    @Test
    void closeReleasesTheRingsDescriptorAndMappings() throws IOException {
        long before = openFds();
        for (int i = 0; i < 20; i++) {
            new IoUringRing(64, 128, 0).close();
        }
        assertEquals(before, openFds());
    }

    private static long openFds() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
