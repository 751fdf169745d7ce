package org.iomodels.uring;

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
import org.iomodels.sys.Errno;
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

    /** A no-op entry ({@code IORING_OP_NOP} is opcode 0: a zeroed entry is one) with {@code userData}; -1 if the SQ is full. */
    private static long nop(IoUringRing ring, long userData) {
        long sqe = ring.getSqe();
        if (sqe >= 0) {
            ring.setUserData(sqe, userData);
        }
        return sqe;
    }

    @Test
    void userDataPacksAnIdAndATag() {
        long ud = IoUringUserData.pack(123_456_789L, 6);
        assertEquals(123_456_789L, IoUringUserData.id(ud));
        assertEquals(6, IoUringUserData.tag(ud));
        assertEquals(255, IoUringUserData.tag(IoUringUserData.pack(1, 255)));
    }

    @Test
    void aNopComesBackWithItsUserData() throws IOException {
        try (IoUringRing ring = new IoUringRing(8, 16, 0)) {
            assertTrue(nop(ring, 42) >= 0);
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
            long recv = ring.getSqe();
            IoUringPrep.prepRead(ring, recv, pair[1], in.address(), 64);
            ring.setUserData(recv, 2);
            long send = ring.getSqe();
            IoUringPrep.prepSend(ring, send, pair[0], out.address(), hello.length, Socket.MSG_NOSIGNAL);
            ring.setUserData(send, 1);
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
                assertTrue(nop(ring, i) >= 0);
            }
            assertEquals(-1, nop(ring, 99));
            assertEquals(4, complete(ring, 4).size());
            assertEquals(4, ring.sqSpace());
        }
    }

    @Test
    void acceptCompletesWithTheNewDescriptor() throws IOException {
        try (NativeSocket listener = NativeSocket.listen("127.0.0.1", 0, 16, true);
             IoUringRing ring = new IoUringRing(8, 16, IoUring.SETUP_SINGLE_ISSUER)) {
            long sqe = ring.getSqe();
            IoUringPrep.prepMultishotAccept(ring, sqe, listener.fileno(), Libc.O_CLOEXEC);
            ring.setUserData(sqe, IoUringUserData.pack(0, 7));
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
        assertEquals(7, IoUringUserData.tag(ring.userData(0)));
        assertEquals(0, IoUringUserData.id(ring.userData(0)));
        int fd = ring.result(0);
        ring.advance(1);
        return fd;
    }

    @Test
    void multishotAcceptCompletesOncePerClientAndStaysArmed() throws IOException {
        try (NativeSocket listener = NativeSocket.listen("127.0.0.1", 0, 16, true);
             IoUringRing ring = new IoUringRing(8, 16, IoUring.SETUP_SINGLE_ISSUER | IoUring.SETUP_DEFER_TASKRUN)) {
            long sqe = ring.getSqe();
            IoUringPrep.prepMultishotAccept(ring, sqe, listener.fileno(), Libc.O_CLOEXEC);
            ring.setUserData(sqe, 7);
            ring.submitAndWait(0);
            int port = listener.localAddress().getPort();
            for (int i = 0; i < 3; i++) {
                try (java.net.Socket client = new java.net.Socket("127.0.0.1", port)) {
                    ring.submitAndWait(1);
                    assertEquals(1, ring.ready());
                    assertTrue(ring.result(0) > 2, "accepted fd " + ring.result(0));
                    assertTrue((ring.flags(0) & IoUring.CQE_F_MORE) != 0, "still armed");
                    Libc.close(ring.result(0));
                    ring.advance(1);
                }
            }
        }
    }

    @Test
    void multishotRecvPicksProvidedBuffersUntilEndOfStream() throws IOException {
        int[] pair = Socket.socketpair(Socket.SOCK_STREAM);
        // The arena first: it must outlive the ring the buffers are registered with.
        try (Arena arena = Arena.ofConfined();
             IoUringRing ring = new IoUringRing(8, 64, IoUring.SETUP_SINGLE_ISSUER | IoUring.SETUP_DEFER_TASKRUN)) {
            IoUringBufferRing buffers = new IoUringBufferRing(ring, arena, (short) 1, 4, 64);
            long sqe = ring.getSqe();
            IoUringPrep.prepRecvMultishot(ring, sqe, pair[1], buffers.group());
            ring.setUserData(sqe, 5);
            ring.submitAndWait(0);
            StringBuilder got = new StringBuilder();
            for (int i = 0; i < 10; i++) { // more messages than buffers: each one goes back after use
                MemorySegment msg = arena.allocateFrom("m" + i + ";");
                Libc.write(pair[0], msg, msg.byteSize() - 1);
                ring.submitAndWait(1);
                assertEquals(1, ring.ready());
                int bid = IoUringBufferRing.bufferId(ring.flags(0));
                assertTrue(bid >= 0 && bid < 4, "buffer id " + bid);
                assertTrue((ring.flags(0) & IoUring.CQE_F_MORE) != 0, "still armed");
                got.append(new String(buffers.buffer(bid, ring.result(0)).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
                ring.advance(1);
                buffers.recycle(bid);
                buffers.publish();
            }
            assertEquals("m0;m1;m2;m3;m4;m5;m6;m7;m8;m9;", got.toString());
            Libc.close(pair[0]);
            pair[0] = -1;
            ring.submitAndWait(1);
            assertEquals(0, ring.result(0)); // end of stream ends the multishot
            assertEquals(0, ring.flags(0) & IoUring.CQE_F_MORE);
            ring.advance(1);
        } finally {
            if (pair[0] >= 0) {
                Libc.close(pair[0]);
            }
            Libc.close(pair[1]);
        }
    }

    /** What the io_uring engine must recover from (issue 11): a multishot receive ends when no provided buffer is left. */
    @Test
    void multishotRecvEndsWithEnobufsWhenEveryBufferIsInUse() throws IOException {
        int[] pair = Socket.socketpair(Socket.SOCK_STREAM);
        try (Arena arena = Arena.ofConfined();
             IoUringRing ring = new IoUringRing(8, 64, IoUring.SETUP_SINGLE_ISSUER | IoUring.SETUP_DEFER_TASKRUN)) {
            IoUringBufferRing buffers = new IoUringBufferRing(ring, arena, (short) 1, 4, 64);
            MemorySegment data = arena.allocate(1024);
            Libc.write(pair[0], data, data.byteSize()); // 16 buffers' worth, 4 buffers
            long sqe = ring.getSqe();
            IoUringPrep.prepRecvMultishot(ring, sqe, pair[1], buffers.group());
            ring.setUserData(sqe, 5);
            int received = 0;
            int last = 0;
            int lastFlags = IoUring.CQE_F_MORE;
            for (int turn = 0; turn < 10 && (lastFlags & IoUring.CQE_F_MORE) != 0; turn++) {
                ring.submitAndWait(1);
                for (int n = ring.ready(); n > 0; n--) {
                    last = ring.result(0);
                    lastFlags = ring.flags(0);
                    received += Math.max(0, last);
                    ring.advance(1);
                }
            }
            assertEquals(4 * 64, received, "every buffer filled");
            assertEquals(-Errno.ENOBUFS, last, "then the receive ends for want of a buffer");
            assertEquals(0, lastFlags & IoUring.CQE_F_MORE, "and is no longer armed");
        } finally {
            Libc.close(pair[0]);
            Libc.close(pair[1]);
        }
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
