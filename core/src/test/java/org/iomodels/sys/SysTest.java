package org.iomodels.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The syscall layer's promises: errors that name call, argument and errno; EAGAIN as a value; safe fd_sets. */
class SysTest {
    /** ServerConfig.tcpNoDelay rests on this: set on the listener, an accepted socket inherits it (Linux). */
    @Test
    void anAcceptedSocketInheritsTcpNoDelayFromItsListener() throws IOException {
        for (boolean noDelay : new boolean[] {true, false}) {
            try (NativeSocket listener = NativeSocket.listen("127.0.0.1", 0, 8, false, noDelay);
                    java.net.Socket client = new java.net.Socket("127.0.0.1", listener.localAddress().getPort());
                    NativeSocket accepted = listener.accept(false)) {
                assertEquals(noDelay ? 1 : 0, Socket.getsockopt(accepted.fileno(), Socket.IPPROTO_TCP, Socket.TCP_NODELAY),
                        "TCP_NODELAY of a socket accepted from a listener with noDelay=" + noDelay);
            }
        }
    }

    @Test
    void errnoExceptionNamesCallArgumentErrnoAndStrerror() throws IOException {
        int[] pipe = Libc.pipe2(Libc.O_CLOEXEC);
        Libc.close(pipe[0]);
        Libc.close(pipe[1]);
        ErrnoException e = assertThrows(ErrnoException.class, () -> Libc.close(pipe[0]));
        assertEquals("close(fd=" + pipe[0] + "): EBADF (Bad file descriptor)", e.getMessage());
        assertEquals(Errno.EBADF, e.errno());
        assertEquals("EBADF", e.errnoName());

        try (Arena arena = Arena.ofConfined()) {
            ErrnoException ctl = assertThrows(ErrnoException.class,
                    () -> Epoll.ctl(pipe[0], Epoll.EPOLL_CTL_ADD, 0, Epoll.EPOLLIN, 0, Epoll.newEvents(arena, 1), SyscallProbe.NONE));
            assertTrue(ctl.getMessage().startsWith("epoll_ctl(ADD, fd=0): EBADF"), ctl.getMessage());
        }
    }

    @Test
    void wouldBlockIsAValueNotAnException() throws IOException {
        NativeSocket[] p = NativeSocket.pair();
        try (Arena arena = Arena.ofConfined()) {
            p[0].setBlocking(false);
            assertEquals(Libc.WOULD_BLOCK, p[0].read(arena.allocate(16)));
        } finally {
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void fdSetRefusesOutOfRangeDescriptorsWithoutWriting() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment big = arena.allocate(Select.FD_SET.byteSize() * 2);
            MemorySegment set = big.asSlice(0, Select.FD_SET.byteSize());
            assertThrows(IllegalArgumentException.class, () -> Select.fdSet(set, 1024));
            assertThrows(IllegalArgumentException.class, () -> Select.fdSet(set, -1));
            for (long i = 0; i < big.byteSize(); i++) {
                assertEquals(0, big.get(ValueLayout.JAVA_BYTE, i), "byte " + i + " written");
            }
            Select.fdSet(set, 1023);
            assertTrue(Select.fdIsSet(set, 1023));
            Select.fdClr(set, 1023);
            assertTrue(!Select.fdIsSet(set, 1023));
        }
    }

    @Test
    void epollEventLayoutMatchesTheArchitecture() {
        String arch = System.getProperty("os.arch");
        long expected = arch.equals("amd64") || arch.equals("x86_64") ? 12 : 16;
        assertEquals(expected, Epoll.EPOLL_EVENT.byteSize());
    }

    @Test
    void nativeSocketRoundTripAddressesHalfCloseAndClose() throws IOException {
        try (NativeSocket listener = NativeSocket.listen("127.0.0.1", 0, 16, false);
             NativeSocket client = NativeSocket.connect("127.0.0.1", listener.localAddress().getPort());
             NativeSocket server = listener.accept(false);
             Arena arena = Arena.ofConfined()) {
            MemorySegment hello = arena.allocateFrom("hello");
            client.writeFully(hello.asSlice(0, 5));
            MemorySegment buf = arena.allocate(16);
            assertEquals(5, server.read(buf));
            assertEquals("hello", buf.getString(0).substring(0, 5));
            String text = server.toString();
            assertTrue(text.contains("fd=" + server.fileno()) && text.contains("local=127.0.0.1:")
                    && text.contains("remote=127.0.0.1:" + client.localAddress().getPort()), text);
            client.shutdownOutput();
            assertEquals(0, server.read(buf), "end of stream after the peer's half-close");
            int fd = client.fileno();
            client.close();
            client.close();
            assertEquals(-1, client.fileno());
            ErrnoException e = assertThrows(ErrnoException.class, () -> client.read(buf));
            assertTrue(e.getMessage().contains("EBADF") && e.getMessage().contains(Integer.toString(fd)), e.getMessage());
        }
    }

    @Test
    void bindFailureNamesTheAddress() throws IOException {
        try (NativeSocket first = NativeSocket.listen("127.0.0.1", 0, 16, false)) {
            int port = first.localAddress().getPort();
            ErrnoException e = assertThrows(ErrnoException.class, () -> NativeSocket.listen("127.0.0.1", port, 16, false));
            assertTrue(e.getMessage().matches("bind\\(fd=\\d+, 127\\.0\\.0\\.1:" + port + "\\): EADDRINUSE \\(.+\\)"),
                    e.getMessage());
        }
    }

    @Test
    void openNamesThePathItCouldNotOpen() {
        String path = "/nonexistent-iomodels-dir/file.html";
        ErrnoException e = assertThrows(ErrnoException.class, () -> Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC));
        assertEquals("open(" + path + "): ENOENT (No such file or directory)", e.getMessage());
    }

    /** sendfile(2) from an offset: the kernel advances the offset, says 0 at end of file and EAGAIN as a value. */
    @Test
    void sendfileSendsFromTheOffsetAndSaysEndOfFileAndWouldBlock() throws IOException {
        Path file = Files.createTempFile("iomodels-sendfile", ".bin");
        byte[] content = new byte[300_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + 7);
        }
        Files.write(file, content);
        NativeSocket[] p = NativeSocket.pair();
        int in = Libc.open(file.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment offset = arena.allocate(ValueLayout.JAVA_LONG);
            offset.set(ValueLayout.JAVA_LONG, 0, 1000);
            assertEquals(10, Libc.sendfile(p[0].fileno(), in, offset, 10, SyscallProbe.NONE));
            assertEquals(1010, offset.get(ValueLayout.JAVA_LONG, 0), "the kernel advances the offset");
            MemorySegment got = arena.allocate(10);
            assertEquals(10, p[1].read(got));
            assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOfRange(content, 1000, 1010)),
                    java.util.Arrays.toString(got.toArray(ValueLayout.JAVA_BYTE)));
            offset.set(ValueLayout.JAVA_LONG, 0, content.length);
            assertEquals(0, Libc.sendfile(p[0].fileno(), in, offset, 10, SyscallProbe.NONE), "0 at end of file");
            p[0].setBlocking(false);
            offset.set(ValueLayout.JAVA_LONG, 0, 0);
            long r;
            do {
                r = Libc.sendfile(p[0].fileno(), in, offset, content.length, SyscallProbe.NONE);
                if (r == 0) {
                    offset.set(ValueLayout.JAVA_LONG, 0, 0); // the peer's buffer is larger than the file: again
                }
            } while (r != Libc.WOULD_BLOCK);
        } finally {
            Libc.close(in);
            p[0].close();
            p[1].close();
            Files.delete(file);
        }
    }
}
