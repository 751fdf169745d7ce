package org.iomodels.green;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.sys.ErrnoException;
import org.junit.jupiter.api.Test;

/** Cooperative sockets on one hub: many greenlets at once, timeouts, resets, refusals; the thread pool; the blocking monitor. */
class GreenSocketTest {
    @Test
    void fiftyClientGreenletsAndTheirServerGreenletsShareOneThread() throws Exception {
        OnThread.run(() -> {
            GreenServerSocket server = GreenServerSocket.listen("127.0.0.1", 0, 128);
            int port = server.address().getPort();
            Green.spawn(() -> {
                for (;;) {
                    GreenSocket c = server.accept();
                    Green.spawn(() -> echo(c));
                }
            });
            List<GreenThread<Integer>> clients = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int id = i;
                clients.add(Green.spawn(() -> {
                    try (GreenSocket s = GreenSocket.connect("127.0.0.1", port, 5)) {
                        int total = 0;
                        for (int m = 0; m < 20; m++) {
                            byte[] msg = ("client " + id + " message " + m + " ").repeat(1 + (id * 7 + m) % 300)
                                    .getBytes(StandardCharsets.US_ASCII);
                            s.sendAll(msg);
                            ByteBuffer back = ByteBuffer.allocate(msg.length);
                            while (back.hasRemaining()) {
                                if (s.recvInto(back) == 0) {
                                    throw new IOException("the server closed early");
                                }
                            }
                            assertArrayEquals(msg, back.array());
                            total += msg.length;
                        }
                        return total;
                    }
                }));
            }
            Green.joinAll(clients, 30, true, clients.size());
            assertTrue(clients.stream().allMatch(GreenThread::successful));
            server.close();
        });
    }

    private static Void echo(GreenSocket c) throws IOException {
        try (c) {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (c.recvInto(buf.clear()) > 0) {
                c.sendAll(buf.flip());
            }
        }
        return null;
    }

    @Test
    void aReadTimesOutAndATimeoutOfZeroDoesNotWait() throws Exception {
        OnThread.run(() -> {
            try (GreenServerSocket server = GreenServerSocket.listen("127.0.0.1", 0, 8);
                    GreenSocket s = GreenSocket.connect("localhost", server.address().getPort(), 5)) {
                double t0 = Hub.get().time();
                SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                        () -> s.recvInto(ByteBuffer.allocate(8), 0.05));
                assertTrue(e.getMessage().contains("timed out after 0.05 s"), e.getMessage());
                assertTrue(Hub.get().time() - t0 >= 0.05);
                s.setTimeout(0);
                assertThrows(SocketTimeoutException.class, () -> s.recvInto(ByteBuffer.allocate(8)));
                server.setTimeout(0.02);
                server.accept().close(); // the one connection waiting
                assertThrows(SocketTimeoutException.class, server::accept);
            }
        });
    }

    @Test
    void aResetAndARefusalAreErrorsNamingTheCall() throws Exception {
        OnThread.run(() -> {
            int port;
            try (GreenServerSocket server = GreenServerSocket.listen("127.0.0.1", 0, 8)) {
                port = server.address().getPort();
                GreenSocket client = GreenSocket.connect("127.0.0.1", port, 5);
                GreenSocket accepted = server.accept();
                client.sendAll("unread".getBytes(StandardCharsets.US_ASCII));
                Green.sleep(0.01);
                accepted.close(); // unread data: the kernel answers with a reset
                ErrnoException reset = assertThrows(ErrnoException.class, () -> {
                    ByteBuffer b = ByteBuffer.allocate(8);
                    for (int i = 0; i < 10; i++) {
                        client.recvInto(b.clear(), 1);
                        client.sendAll("more".getBytes(StandardCharsets.US_ASCII));
                    }
                });
                assertTrue(reset.getMessage().contains("ECONNRESET") || reset.getMessage().contains("EPIPE"), reset.getMessage());
                client.close();
            }
            ConnectException refused = assertThrows(ConnectException.class, () -> GreenSocket.connect("127.0.0.1", port, 5));
            assertTrue(refused.getMessage().equals("connect(127.0.0.1:" + port + "): ECONNREFUSED (Connection refused)"),
                    refused.getMessage());
        });
    }

    @Test
    void selectWaitsForTheFirstReadyDescriptorAndTwoReadersOfOneSocketAreRefused() throws Exception {
        OnThread.run(() -> {
            int[] a = org.iomodels.sys.Libc.pipe2(org.iomodels.sys.Libc.O_NONBLOCK | org.iomodels.sys.Libc.O_CLOEXEC);
            int[] b = org.iomodels.sys.Libc.pipe2(org.iomodels.sys.Libc.O_NONBLOCK | org.iomodels.sys.Libc.O_CLOEXEC);
            try (var arena = java.lang.foreign.Arena.ofConfined()) {
                var one = arena.allocate(1);
                assertTrue(GreenSelect.select(List.of(a[0], b[0]), List.of(), 0).isEmpty(), "nothing ready, timeout 0: at once");
                assertEquals(List.of(a[1]), GreenSelect.select(List.of(a[0]), List.of(a[1]), 1).writable());
                Green.spawnLater(0.02, () -> {
                    org.iomodels.sys.Libc.write(b[1], one, 1);
                    return null;
                });
                var ready = GreenSelect.select(List.of(a[0], b[0]), List.of(), 5);
                assertEquals(List.of(b[0]), ready.readable());
                assertTrue(GreenSelect.select(List.of(a[0]), List.of(), 0.02).isEmpty(), "the timeout passed");
            } finally {
                for (int fd : new int[] {a[0], a[1], b[0], b[1]}) {
                    org.iomodels.sys.Libc.close(fd);
                }
            }
            try (GreenServerSocket server = GreenServerSocket.listen("127.0.0.1", 0, 8);
                    GreenSocket s = GreenSocket.connect("127.0.0.1", server.address().getPort(), 5)) {
                var first = Green.spawn(() -> s.recvInto(ByteBuffer.allocate(4)));
                Green.sleep(0);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.recvInto(ByteBuffer.allocate(4), 1));
                assertTrue(e.getMessage().contains("another greenlet already waits to read"), e.getMessage());
                first.kill();
            }
        });
    }

    @Test
    void closingASocketWakesTheGreenletWaitingOnIt() throws Exception {
        OnThread.run(() -> {
            try (GreenServerSocket server = GreenServerSocket.listen("127.0.0.1", 0, 8)) {
                GreenSocket s = GreenSocket.connect("127.0.0.1", server.address().getPort(), 5);
                var reader = Green.spawn(() -> s.recvInto(ByteBuffer.allocate(4)));
                Green.sleep(0);
                s.close();
                reader.join(5);
                assertTrue(reader.exception() instanceof java.net.SocketException, "woken with an error: " + reader.exception());
                assertThrows(ErrnoException.class, () -> s.recvInto(ByteBuffer.allocate(4)), "a closed socket refuses");
                var accepting = Green.spawn(() -> {
                    server.accept(); // the one connection waiting
                    return server.accept();
                });
                Green.sleep(0.01);
                server.close();
                accepting.join(5);
                assertTrue(accepting.exception() instanceof java.net.SocketException, "" + accepting.exception());
            }
        });
    }

    @Test
    void twoGreenletsSendingHeapBuffersUnderBackpressureKeepTheirOwnBytes() throws Exception {
        OnThread.run(() -> {
            try (GreenServerSocket server = GreenServerSocket.listen("127.0.0.1", 0, 8)) {
                int port = server.address().getPort();
                List<GreenThread<Boolean>> checks = new ArrayList<>();
                for (int k = 0; k < 2; k++) {
                    byte fill = (byte) ('a' + k);
                    GreenSocket out = GreenSocket.connect("127.0.0.1", port, 5);
                    GreenSocket in = server.accept();
                    Green.spawn(() -> {
                        byte[] big = new byte[4 << 20];
                        java.util.Arrays.fill(big, fill);
                        out.sendAll(big); // far past the socket buffers: parks, while the other greenlet sends
                        out.close();
                        return null;
                    });
                    checks.add(Green.spawn(() -> {
                        ByteBuffer b = ByteBuffer.allocate(8192);
                        long total = 0;
                        for (int n; (n = in.recvInto(b.clear())) > 0; ) {
                            for (int i = 0; i < n; i++) {
                                if (b.get(i) != fill) {
                                    return false;
                                }
                            }
                            total += n;
                            Green.sleep(0); // a slow reader
                        }
                        in.close();
                        return total == 4 << 20;
                    }));
                }
                for (GreenThread<Boolean> c : checks) {
                    assertTrue(c.get(30), "every byte its own sender's, none missing");
                }
            }
        });
    }

    @Test
    void theThreadPoolRunsABlockingCallWhileTheOtherGreenletsGoOn() throws Exception {
        OnThread.run(() -> {
            int[] ticks = {0};
            var ticker = Green.spawn(() -> {
                for (int i = 0; i < 1000; i++) {
                    ticks[0]++;
                    Green.sleep(0.01);
                }
            });
            String got = Hub.get().runInThreadPool(() -> {
                Thread.sleep(200); // blocking: on a pool thread, not the hub
                return Thread.currentThread().getName();
            });
            assertTrue(got.startsWith("iomodels-hub-pool-"), got);
            assertTrue(ticks[0] >= 5, "the other greenlet ran meanwhile: " + ticks[0] + " ticks");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Hub.get().runInThreadPool(() -> {
                throw new IllegalStateException("raised on the pool thread");
            }));
            assertEquals("raised on the pool thread", e.getMessage());
            ticker.kill();
        });
    }

    @Test
    void aGreenletThatBlocksTheHubIsNamedOnce() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            OnThread.run(() -> {
                var waiting = Green.spawn(() -> Green.sleep(0.05), "patient");
                var blocker = Green.spawn(() -> {
                    try {
                        Thread.sleep(400); // plain blocking call: the hub cannot run anyone
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "sleepy");
                Green.joinAll(List.of(waiting, blocker));
            });
        } finally {
            System.setErr(err);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = text.lines().filter(l -> l.contains("blocked for")).toList();
        assertEquals(1, lines.size(), text);
        assertTrue(lines.getFirst().contains("by greenlet sleepy") && lines.getFirst().contains("java.lang.Thread.sleep"),
                lines.getFirst());
        assertTrue(lines.getFirst().contains("called from org.iomodels.green.GreenSocketTest"), lines.getFirst());
    }
}
