package org.iomodels.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;

/**
 * Child processes through the kernel, for {@code org.iomodels.process}: {@code posix_spawn(3)}
 * with file actions (the child gets chosen descriptors at chosen numbers, which
 * {@code ProcessBuilder} cannot give: it passes 0-2 only), its signals at their defaults and none
 * blocked; {@code pidfd_open(2)} (a descriptor that becomes readable when the child ends, so a
 * wait is a {@code poll} with a timeout and a pid never reused under us), {@code waitid(2)} on it
 * (the exit status or the signal, exactly), {@code pidfd_send_signal(2)}.
 */
public final class Spawn {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    /** How a child ended: {@code code} its exit status, or {@code signal} the signal that killed it (0 if none). */
    public record Exit(int code, int signal) {}

    private static final long FILE_ACTIONS_SIZE = 256; // glibc's posix_spawn_file_actions_t is 80 bytes
    private static final long ATTR_SIZE = 512; // glibc's posix_spawnattr_t is 336 bytes
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int P_PIDFD = 3;
    private static final int WEXITED = 4;
    private static final int WNOHANG = 1;
    private static final int CLD_EXITED = 1;
    private static final int F_DUPFD_CLOEXEC = 1030;

    private static final MethodHandle SPAWN = Native.plainCall("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle FA_INIT = Native.plainCall("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DUP2 = Native.plainCall("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FA_CLOSEFROM = Native.plainCall("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FA_DESTROY = Native.plainCall("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_INIT = Native.plainCall("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_FLAGS = Native.plainCall("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, java.lang.foreign.ValueLayout.JAVA_SHORT));
    private static final MethodHandle ATTR_SIGMASK = Native.plainCall("posix_spawnattr_setsigmask", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SIGDEF = Native.plainCall("posix_spawnattr_setsigdefault", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_DESTROY = Native.plainCall("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SIGEMPTY = Native.plainCall("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SIGFILL = Native.plainCall("sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // Through syscall(2): glibc has named wrappers only from 2.36.
    private static final long SYS_PIDFD_OPEN = 434;
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final MethodHandle PIDFD_OPEN = Native.errnoCallVariadic("syscall",
            FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_LONG, java.lang.foreign.ValueLayout.JAVA_LONG, JAVA_INT, JAVA_INT), 1);
    private static final MethodHandle PIDFD_SIGNAL = Native.errnoCallVariadic("syscall",
            FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_LONG, java.lang.foreign.ValueLayout.JAVA_LONG, JAVA_INT, JAVA_INT,
                    ADDRESS, JAVA_INT), 1);
    private static final MethodHandle WAITID = Native.errnoCallRetrying("waitid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle KILL = Native.errnoCall("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle FCNTL = Native.errnoCallVariadic("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), 2);

    private Spawn() {}

    /**
     * Starts {@code argv[0]} (an absolute path) with {@code argv} and {@code env}; the child gets
     * {@code fds[i]} as descriptor {@code 3 + i} (and 0-2 as ours), and no other descriptor of ours
     * (they are closed in the child: the JDK opens many without close-on-exec). Returns the child's pid.
     */
    public static int spawn(List<String> argv, Map<String, String> env, int[] fds) throws ErrnoException {
        int[] high = new int[fds.length];
        try (Arena arena = Arena.ofConfined()) {
            // Copies above every target first: dup2 onto 3+i must not overwrite a source not yet moved.
            for (int i = 0; i < fds.length; i++) {
                high[i] = dupAbove(fds[i], 3 + fds.length + 64);
            }
            MemorySegment fa = arena.allocate(FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = arena.allocate(ATTR_SIZE, 16);
            MemorySegment none = arena.allocate(Signal.SIGSET_SIZE, 8);
            MemorySegment all = arena.allocate(Signal.SIGSET_SIZE, 8);
            MemorySegment pid = arena.allocate(JAVA_INT);
            int r;
            try {
                int ignored = (int) FA_INIT.invokeExact(fa);
                for (int i = 0; i < fds.length; i++) {
                    ignored = (int) FA_DUP2.invokeExact(fa, high[i], 3 + i);
                }
                // The JDK opens its files without O_CLOEXEC (FileInputStream's, a jar's, a socket's): none may reach the child.
                ignored = (int) FA_CLOSEFROM.invokeExact(fa, 3 + fds.length);
                ignored = (int) ATTR_INIT.invokeExact(attr);
                ignored = (int) SIGEMPTY.invokeExact(none);
                ignored = (int) SIGFILL.invokeExact(all);
                ignored = (int) ATTR_SIGMASK.invokeExact(attr, none);
                ignored = (int) ATTR_SIGDEF.invokeExact(attr, all);
                ignored = (int) ATTR_FLAGS.invokeExact(attr, (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK));
                r = (int) SPAWN.invokeExact(pid, arena.allocateFrom(argv.getFirst()), fa, attr, strings(arena, argv),
                        strings(arena, env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
                ignored = (int) FA_DESTROY.invokeExact(fa);
                ignored = (int) ATTR_DESTROY.invokeExact(attr);
            } catch (Throwable t) {
                throw Native.unreachable(t);
            }
            if (r != 0) { // posix_spawn returns the error number; errno is not set
                throw new ErrnoException("posix_spawn(" + argv.getFirst() + ")", r);
            }
            return pid.get(JAVA_INT, 0);
        } finally {
            for (int h : high) {
                if (h > 0) {
                    try {
                        Libc.close(h);
                    } catch (ErrnoException ignored) {
                        // our own copy, made above: nothing to tell
                    }
                }
            }
        }
    }

    private static int dupAbove(int fd, int min) throws ErrnoException {
        MemorySegment st = Native.state();
        try {
            return (int) Native.check((int) FCNTL.invokeExact(st, fd, F_DUPFD_CLOEXEC, min), st, "fcntl(F_DUPFD_CLOEXEC)", fd);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ADDRESS, values.size() + 1);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    /** {@code pidfd_open(2)}: a descriptor for {@code pid}, readable once it has ended (close-on-exec). */
    public static int pidfdOpen(int pid) throws ErrnoException {
        MemorySegment st = Native.state();
        try {
            return (int) Native.checkArg((long) PIDFD_OPEN.invokeExact(st, SYS_PIDFD_OPEN, pid, 0), st, "pidfd_open", "pid", pid);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /** {@code pidfd_send_signal(2)}; false if the child has ended already (ESRCH). */
    public static boolean signal(int pidfd, int sig) throws ErrnoException {
        MemorySegment st = Native.state();
        long r;
        try {
            r = (long) PIDFD_SIGNAL.invokeExact(st, SYS_PIDFD_SEND_SIGNAL, pidfd, sig, MemorySegment.NULL, 0);
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
        if (r < 0 && Native.errno(st) == Errno.ESRCH) {
            return false;
        }
        Native.check(r, st, "pidfd_send_signal", "sig=" + sig, pidfd);
        return true;
    }

    /** {@code kill(pid, SIGKILL)}, for a child of ours not yet reaped (so its pid is still its own), when no pidfd could be opened. */
    public static void kill(int pid) {
        MemorySegment st = Native.state();
        try {
            int ignored = (int) KILL.invokeExact(st, pid, SIGKILL);
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }

    /** {@code waitid(P_PIDFD, pidfd, WEXITED | WNOHANG)}: how the child ended, reaping it; null if it has not. */
    public static Exit reap(int pidfd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(Signal.SIGINFO_SIZE, 8);
            MemorySegment st = Native.state();
            int r = (int) WAITID.invokeExact(st, P_PIDFD, pidfd, info, WEXITED | WNOHANG);
            Native.check(r, st, "waitid(P_PIDFD)", pidfd);
            int pid = info.get(JAVA_INT, 16);
            if (pid == 0) {
                return null; // WNOHANG: still running
            }
            int code = info.get(JAVA_INT, Signal.SI_CODE);
            int status = info.get(JAVA_INT, 24);
            return code == CLD_EXITED ? new Exit(status, 0) : new Exit(0, status);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unreachable(t);
        }
    }
}
