package org.iomodels.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code io_uring(7)} without liburing: the three raw syscalls ({@code io_uring_setup(2)},
 * {@code io_uring_enter(2)}, {@code io_uring_register(2)}) through libc's {@code syscall(2)}, the
 * structs by name, and the constants of {@code <linux/io_uring.h>}. The rings themselves are
 * mapped and driven by {@code engine.IoUringRing}.
 */
public final class IoUring {
    // The io_uring syscalls came after the per-architecture tables were unified: the same numbers everywhere.
    private static final long SYS_SETUP = 425;
    private static final long SYS_ENTER = 426;
    private static final long SYS_REGISTER = 427;

    // io_uring_setup flags
    public static final int SETUP_CQSIZE = 1 << 3;
    public static final int SETUP_CLAMP = 1 << 4;
    public static final int SETUP_SUBMIT_ALL = 1 << 7;
    public static final int SETUP_COOP_TASKRUN = 1 << 8;
    public static final int SETUP_SINGLE_ISSUER = 1 << 12;
    public static final int SETUP_DEFER_TASKRUN = 1 << 13;
    // io_uring_params.features
    public static final int FEAT_SINGLE_MMAP = 1;
    public static final int FEAT_NODROP = 1 << 1;
    public static final int FEAT_EXT_ARG = 1 << 8;
    // io_uring_enter flags
    public static final int ENTER_GETEVENTS = 1;
    public static final int ENTER_EXT_ARG = 1 << 3;
    // mmap offsets
    public static final long OFF_SQ_RING = 0L;
    public static final long OFF_CQ_RING = 0x8000000L;
    public static final long OFF_SQES = 0x10000000L;
    // opcodes
    public static final byte OP_NOP = 0;
    public static final byte OP_POLL_ADD = 6;
    public static final byte OP_TIMEOUT = 11;
    public static final byte OP_ACCEPT = 13;
    public static final byte OP_ASYNC_CANCEL = 14;
    public static final byte OP_CLOSE = 19;
    public static final byte OP_READ = 22;
    public static final byte OP_WRITE = 23;
    public static final byte OP_SEND = 26;
    public static final byte OP_RECV = 27;
    public static final byte OP_SHUTDOWN = 34;
    // sqe.flags
    public static final byte SQE_IO_LINK = 1 << 2;
    public static final byte SQE_BUFFER_SELECT = 1 << 5;
    // sqe.ioprio for accept and recv
    public static final short ACCEPT_MULTISHOT = 1;
    public static final short RECV_MULTISHOT = 1 << 1;
    // sqe op flags for ASYNC_CANCEL
    public static final int CANCEL_ALL = 1;
    public static final int CANCEL_FD = 1 << 1;
    // cqe.flags
    public static final int CQE_F_BUFFER = 1;
    public static final int CQE_F_MORE = 1 << 1;
    public static final int CQE_BUFFER_SHIFT = 16;
    // sq ring flags
    public static final int SQ_CQ_OVERFLOW = 1 << 1;
    // io_uring_register opcodes
    public static final int REGISTER_PROBE = 8;
    public static final int REGISTER_PBUF_RING = 22;
    public static final int UNREGISTER_PBUF_RING = 23;

    /** <pre>struct io_sqring_offsets { __u32 head, tail, ring_mask, ring_entries, flags, dropped, array, resv1; __u64 user_addr; };</pre> */
    public static final StructLayout SQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"), JAVA_INT.withName("tail"), JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"), JAVA_INT.withName("flags"), JAVA_INT.withName("dropped"),
            JAVA_INT.withName("array"), JAVA_INT.withName("resv1"), JAVA_LONG.withName("user_addr"));
    /** <pre>struct io_cqring_offsets { __u32 head, tail, ring_mask, ring_entries, overflow, cqes, flags, resv1; __u64 user_addr; };</pre> */
    public static final StructLayout CQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"), JAVA_INT.withName("tail"), JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"), JAVA_INT.withName("overflow"), JAVA_INT.withName("cqes"),
            JAVA_INT.withName("flags"), JAVA_INT.withName("resv1"), JAVA_LONG.withName("user_addr"));
    /**
     * <pre>struct io_uring_params { __u32 sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle,
     *     features, wq_fd, resv[3]; struct io_sqring_offsets sq_off; struct io_cqring_offsets cq_off; };</pre>
     */
    public static final StructLayout PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("sq_entries"), JAVA_INT.withName("cq_entries"), JAVA_INT.withName("flags"),
            JAVA_INT.withName("sq_thread_cpu"), JAVA_INT.withName("sq_thread_idle"), JAVA_INT.withName("features"),
            JAVA_INT.withName("wq_fd"), MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv"),
            SQRING_OFFSETS.withName("sq_off"), CQRING_OFFSETS.withName("cq_off"));

    /** Offset of {@code field} in {@link #PARAMS}, e.g. {@code param("sq_off", "tail")}. */
    public static long param(String... path) {
        PathElement[] elements = new PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = PathElement.groupElement(path[i]);
        }
        return PARAMS.byteOffset(elements);
    }

    /**
     * <pre>struct io_uring_sqe { __u8 opcode; __u8 flags; __u16 ioprio; __s32 fd; __u64 off; __u64 addr;
     *     __u32 len; __u32 op_flags; __u64 user_data; __u16 buf_group; __u16 personality;
     *     __s32 file_index; __u64 addr3; __u64 __pad2[1]; };</pre> (64 bytes; the unions named by their common use)
     */
    public static final long SQE_SIZE = 64;
    public static final long SQE_OPCODE = 0;
    public static final long SQE_FLAGS = 1;
    public static final long SQE_IOPRIO = 2;
    public static final long SQE_FD = 4;
    public static final long SQE_OFF = 8;
    public static final long SQE_ADDR = 16;
    public static final long SQE_LEN = 24;
    public static final long SQE_OP_FLAGS = 28;
    public static final long SQE_USER_DATA = 32;
    public static final long SQE_BUF_GROUP = 40;

    /** <pre>struct io_uring_cqe { __u64 user_data; __s32 res; __u32 flags; };</pre> (16 bytes) */
    public static final long CQE_SIZE = 16;
    public static final long CQE_USER_DATA = 0;
    public static final long CQE_RES = 8;
    public static final long CQE_FLAGS = 12;

    /** <pre>struct io_uring_buf { __u64 addr; __u32 len; __u16 bid; __u16 resv; };</pre> the ring's tail is entry 0's resv. */
    public static final long BUF_SIZE = 16;
    /** <pre>struct io_uring_buf_reg { __u64 ring_addr; __u32 ring_entries; __u16 bgid; __u16 flags; __u64 resv[3]; };</pre> */
    public static final long BUF_REG_SIZE = 40;

    private static final MethodHandle SYSCALL3 = Native.errnoCallVariadic("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), 1);
    private static final MethodHandle SYSCALL5 = Native.errnoCallVariadic("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), 1);
    private static final MethodHandle SYSCALL7 = Native.errnoCallVariadic("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), 1);

    private static volatile String unsupported;
    private static volatile boolean probed;

    private IoUring() {}

    /** {@code io_uring_setup(2)}: a ring of {@code entries}; {@code params} (a {@link #PARAMS}) goes in with flags and comes back filled. */
    public static int setup(int entries, MemorySegment params) throws ErrnoException {
        MemorySegment st = Native.state();
        long r;
        try {
            r = (long) SYSCALL3.invokeExact(st, SYS_SETUP, (long) entries, params.address());
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
        return (int) Native.checkArg(r, st, "io_uring_setup", "entries", entries);
    }

    /**
     * {@code io_uring_enter(2)}: submits {@code toSubmit} entries and, with {@link #ENTER_GETEVENTS},
     * waits for {@code minComplete} completions. Returns the number submitted; an interrupted
     * wait returns 0 (the caller's loop looks at the completion queue either way).
     */
    public static int enter(int ringFd, int toSubmit, int minComplete, int flags, SyscallProbe probe)
            throws ErrnoException {
        Syscall call = (flags & ENTER_GETEVENTS) != 0 ? Syscall.IO_URING_ENTER : Syscall.IO_URING_SUBMIT;
        MemorySegment st = Native.state();
        long t = probe.start(call);
        long r;
        try {
            r = (long) SYSCALL7.invokeExact(st, SYS_ENTER, (long) ringFd, (long) toSubmit, (long) minComplete,
                    (long) flags, 0L, 0L);
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, call, ringFd, r, st, t);
        r = Native.check(r, st, "io_uring_enter", ringFd);
        return r == Native.INTERRUPTED || r == Native.WOULD_BLOCK ? 0 : (int) r;
    }

    /**
     * {@code io_uring_enter(2)} with IORING_ENTER_EXT_ARG: submits {@code toSubmit}, then waits for
     * {@code minComplete} completions at most {@code timespec}'s time ({@code arg} is a struct io_uring_getevents_arg
     * of {@link #GETEVENTS_ARG_SIZE} bytes pointing at it). Returns entries submitted; a timeout
     * (ETIME) or a signal is not an error.
     */
    public static int enterWait(int ringFd, int toSubmit, int minComplete, MemorySegment arg, SyscallProbe probe)
            throws ErrnoException {
        MemorySegment st = Native.state();
        long t = probe.start(Syscall.IO_URING_ENTER);
        long r;
        try {
            r = (long) SYSCALL7.invokeExact(st, SYS_ENTER, (long) ringFd, (long) toSubmit, (long) minComplete,
                    (long) (ENTER_GETEVENTS | ENTER_EXT_ARG), arg.address(), GETEVENTS_ARG_SIZE);
        } catch (Throwable x) {
            throw Native.unreachable(x);
        }
        Native.report(probe, Syscall.IO_URING_ENTER, ringFd, r, st, t);
        if (r < 0 && (Native.errno(st) == Errno.ETIME || Native.errno(st) == Errno.EBUSY)) {
            return 0; // EBUSY: completions are waiting to be reaped (CQ overflow); the caller reaps first
        }
        r = Native.check(r, st, "io_uring_enter", ringFd);
        return r == Native.INTERRUPTED || r == Native.WOULD_BLOCK ? 0 : (int) r;
    }

    /** <pre>struct io_uring_getevents_arg { __u64 sigmask; __u32 sigmask_sz; __u32 pad; __u64 ts; };</pre> */
    public static final long GETEVENTS_ARG_SIZE = 24;

    /** {@code io_uring_register(2)} with {@code opcode}, an argument struct and its count. */
    public static int register(int ringFd, int opcode, MemorySegment arg, int count) throws ErrnoException {
        MemorySegment st = Native.state();
        long r;
        try {
            r = (long) SYSCALL5.invokeExact(st, SYS_REGISTER, (long) ringFd, (long) opcode, arg.address(), (long) count);
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
        return (int) Native.check(r, st, "io_uring_register", "op=" + opcode, ringFd);
    }

    /** Whether this kernel lets this process use io_uring (probed once: a two-entry ring set up and closed). */
    public static boolean isSupported() {
        return unsupportedReason() == null;
    }

    /** Why io_uring cannot be used here, in one sentence, or null when it can. */
    public static String unsupportedReason() {
        if (!probed) {
            unsupported = probe();
            probed = true;
        }
        return unsupported;
    }

    private static String probe() {
        if (!Native.has("syscall")) {
            return "libc has no syscall(2) to reach io_uring through";
        }
        try {
            Path knob = Path.of("/proc/sys/kernel/io_uring_disabled");
            if (Files.isReadable(knob) && Files.readString(knob).trim().equals("2")) {
                return "io_uring is disabled on this machine (/proc/sys/kernel/io_uring_disabled = 2)";
            }
        } catch (java.io.IOException e) {
            // unreadable: let the setup call below decide
        }
        try (Arena arena = Arena.ofConfined()) {
            int fd = setup(2, arena.allocate(PARAMS));
            try {
                // The engine needs provided-buffer rings (Linux 5.19, with multishot accept and recv).
                MemorySegment ring = arena.allocate(BUF_SIZE * 2, 4096);
                MemorySegment reg = arena.allocate(BUF_REG_SIZE, 8);
                reg.set(JAVA_LONG, 0, ring.address());
                reg.set(JAVA_INT, 8, 2);
                register(fd, REGISTER_PBUF_RING, reg, 1);
            } catch (ErrnoException e) {
                return "this kernel's io_uring has no provided-buffer rings (Linux 5.19 or later is needed): " + e.getMessage();
            } finally {
                Libc.close(fd);
            }
            return null;
        } catch (ErrnoException e) {
            return switch (e.errno()) {
                case Errno.ENOSYS -> "this kernel has no io_uring (io_uring_setup: ENOSYS)";
                case Errno.EPERM -> "io_uring is not permitted for this process (io_uring_setup: EPERM; "
                        + "see /proc/sys/kernel/io_uring_disabled, seccomp or container policy)";
                default -> "io_uring cannot be set up here: " + e.getMessage();
            };
        }
    }
}
