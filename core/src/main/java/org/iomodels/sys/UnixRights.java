package org.iomodels.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Descriptors passed between processes over an AF_UNIX socket ({@code unix(7)}, {@code SCM_RIGHTS}):
 * {@code sendmsg(2)} of a message with descriptors attached, {@code recvmsg(2)} of one. The
 * receiver gets new descriptors (close-on-exec) for the same open files. The layouts are those of
 * x86-64 and aarch64 Linux: {@code struct msghdr} of 56 bytes, a {@code cmsghdr} of 16.
 */
public final class UnixRights {
    /** {@code SOCK_SEQPACKET}: messages keep their bounds, and a message's descriptors come with it. */
    public static final int SOCK_SEQPACKET = 5;
    /** The most descriptors one message carries here (the kernel's limit is 253). */
    public static final int MAX_FDS = 64;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_CTRUNC = 0x8;
    private static final int MSG_TRUNC = 0x20;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final long MSGHDR_SIZE = 56;
    private static final long CMSG_HEADER = 16;

    private static final MethodHandle SENDMSG = Native.errnoCallRetrying("sendmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMSG = Native.errnoCallRetrying("recvmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));

    /** A message received: its bytes (empty at end of file) and the descriptors that came with it. */
    public record Message(byte[] data, int[] fds) {}

    private UnixRights() {}

    /** Sends {@code data} (at least a byte) with {@code fds} attached, in one message; never raises SIGPIPE. */
    public static void send(int socket, byte[] data, int[] fds) throws ErrnoException {
        if (data.length == 0 || fds.length > MAX_FDS) {
            throw new IllegalArgumentException("a message carries 1 byte or more and at most " + MAX_FDS + " descriptors, not "
                    + data.length + " bytes and " + fds.length);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment msg = header(arena, arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, data), data.length, fds.length);
            if (fds.length > 0) {
                MemorySegment control = msg.get(ADDRESS, 32).reinterpret(space(fds.length));
                control.set(JAVA_LONG, 0, CMSG_HEADER + 4L * fds.length);
                control.set(JAVA_INT, 8, Socket.SOL_SOCKET);
                control.set(JAVA_INT, 12, SCM_RIGHTS);
                for (int i = 0; i < fds.length; i++) {
                    control.set(JAVA_INT, CMSG_HEADER + 4L * i, fds[i]);
                }
            }
            MemorySegment st = Native.state();
            long n = Native.check((long) SENDMSG.invokeExact(st, socket, msg, Socket.MSG_NOSIGNAL), st, "sendmsg", "SCM_RIGHTS", socket);
            if (n != data.length) {
                throw new ErrnoException("sendmsg(SCM_RIGHTS, fd=" + socket + "): sent " + n + " of " + data.length + " bytes", Errno.EAGAIN);
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /**
     * Receives one message of at most {@code maxBytes} with at most {@link #MAX_FDS} descriptors,
     * waiting for it. End of file is a message with no bytes. A message cut short (more bytes or
     * descriptors than room) is an error, and the descriptors that did come are closed.
     */
    public static Message receive(int socket, int maxBytes) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(maxBytes);
            MemorySegment msg = header(arena, buf, maxBytes, MAX_FDS);
            MemorySegment control = msg.get(ADDRESS, 32).reinterpret(space(MAX_FDS));
            MemorySegment st = Native.state();
            long n = Native.check((long) RECVMSG.invokeExact(st, socket, msg, MSG_CMSG_CLOEXEC), st, "recvmsg", "SCM_RIGHTS", socket);
            if (n < 0) {
                throw new ErrnoException("recvmsg(SCM_RIGHTS, fd=" + socket + ")", Errno.EAGAIN); // a socket set non-blocking
            }
            int[] fds = new int[0];
            long controlLen = msg.get(JAVA_LONG, 40);
            if (controlLen >= CMSG_HEADER && control.get(JAVA_INT, 8) == Socket.SOL_SOCKET && control.get(JAVA_INT, 12) == SCM_RIGHTS) {
                fds = new int[(int) ((control.get(JAVA_LONG, 0) - CMSG_HEADER) / 4)];
                for (int i = 0; i < fds.length; i++) {
                    fds[i] = control.get(JAVA_INT, CMSG_HEADER + 4L * i);
                }
            }
            int flags = msg.get(JAVA_INT, 48);
            if ((flags & (MSG_CTRUNC | MSG_TRUNC)) != 0) {
                for (int fd : fds) {
                    Libc.close(fd);
                }
                throw new ErrnoException("recvmsg(SCM_RIGHTS, fd=" + socket + "): message cut short (over " + maxBytes + " bytes or "
                        + MAX_FDS + " descriptors)", Errno.EINVAL);
            }
            return new Message(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), fds);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /** A {@code struct msghdr} with one {@code iovec} over {@code buf} and room for {@code fds} descriptors. */
    private static MemorySegment header(Arena arena, MemorySegment buf, long len, int fds) {
        MemorySegment iov = arena.allocate(16, 8);
        iov.set(ADDRESS, 0, buf);
        iov.set(JAVA_LONG, 8, len);
        MemorySegment msg = arena.allocate(MSGHDR_SIZE, 8);
        msg.set(ADDRESS, 16, iov);
        msg.set(JAVA_LONG, 24, 1);
        if (fds > 0) {
            msg.set(ADDRESS, 32, arena.allocate(space(fds), 8));
            msg.set(JAVA_LONG, 40, space(fds));
        }
        return msg;
    }

    /** {@code CMSG_SPACE(4 * fds)}. */
    private static long space(int fds) {
        return CMSG_HEADER + ((4L * fds + 7) & ~7L);
    }
}
