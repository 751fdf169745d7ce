package org.iomodels.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * The java.lang.foreign plumbing every {@code sys} class shares: linking libc symbols,
 * capturing {@code errno} at the call (never read afterwards: the JVM may run native code of its
 * own between a call and a later read), and the one place that decides what a failed call means.
 *
 * <p>Policy, decided here and nowhere else: {@code EINTR} is retried inside the handle of every
 * call that may be restarted ({@link #errnoCallRetrying}: the one EINTR loop, built once per
 * handle), and is a marker for the few that must not be ({@link #INTERRUPTED}: close, a timed
 * wait whose caller re-reads the clock, sigtimedwait); {@code EAGAIN}/{@code EWOULDBLOCK} is a
 * return value ({@link #WOULD_BLOCK}); every other errno throws {@link ErrnoException}.
 */
final class Native {
    /** A call that would block returns this instead of throwing (EAGAIN is not an error). */
    static final long WOULD_BLOCK = -1;
    /** A call interrupted by a signal before doing anything: the caller loops and calls again. */
    static final long INTERRUPTED = -2;

    static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(PathElement.groupElement("errno")).withInvokeExactBehavior();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /**
     * One errno slot per thread, allocated once when the thread first makes a call; an automatic
     * arena frees it with the thread. Calls on the hot path allocate nothing.
     */
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private Native() {}

    /** The calling thread's errno slot, passed as the first argument of every errno-capturing handle. */
    static MemorySegment state() {
        return STATE.get();
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** Whether libc (or the kernel's vDSO-less syscall wrappers it exports) has {@code name}. */
    static boolean has(String name) {
        return LIBC.find(name).isPresent();
    }

    static Optional<MemorySegment> symbol(String name) {
        return LIBC.find(name);
    }

    /** A handle to libc's {@code name} whose first parameter is the errno capture segment. */
    static MethodHandle errnoCall(String name, FunctionDescriptor signature) {
        return LINKER.downcallHandle(require(name), signature, CAPTURE_ERRNO);
    }

    /** As {@link #errnoCall}, for a variadic C function whose fixed part has {@code fixedArgs} parameters. */
    static MethodHandle errnoCallVariadic(String name, FunctionDescriptor signature, int fixedArgs) {
        return LINKER.downcallHandle(require(name), signature, CAPTURE_ERRNO,
                Linker.Option.firstVariadicArg(fixedArgs));
    }

    /**
     * As {@link #errnoCall}, for a call that may be restarted after a signal: the handle itself
     * calls again while the call fails with EINTR, so no caller writes that loop, and none can
     * forget it. Reading the errno that this very call captured is what decides; the loop is a
     * method-handle combinator, so a call allocates nothing and compiles to a plain loop.
     */
    static MethodHandle errnoCallRetrying(String name, FunctionDescriptor signature) {
        return retryOnEintr(errnoCall(name, signature));
    }

    /** As {@link #errnoCallRetrying}, for a variadic C function. */
    static MethodHandle errnoCallVariadicRetrying(String name, FunctionDescriptor signature, int fixedArgs) {
        return retryOnEintr(errnoCallVariadic(name, signature, fixedArgs));
    }

    /** {@code call}, of type (state, args...) -> int or long, looped while it returns -1 with errno EINTR. */
    private static MethodHandle retryOnEintr(MethodHandle call) {
        MethodType type = call.type();
        Class<?> result = type.returnType();
        MethodHandle interrupted = result == int.class ? INTERRUPTED_INT : INTERRUPTED_LONG;
        MethodHandle body = MethodHandles.dropArguments(call, 0, result); // (v, state, args...) -> v
        MethodHandle again = MethodHandles.dropArguments(interrupted, 2,
                type.parameterList().subList(1, type.parameterCount())); // (v, state, args...) -> boolean
        return MethodHandles.doWhileLoop(null, body, again);
    }

    private static final MethodHandle INTERRUPTED_INT;
    private static final MethodHandle INTERRUPTED_LONG;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            INTERRUPTED_INT = lookup.findStatic(Native.class, "interrupted",
                    MethodType.methodType(boolean.class, int.class, MemorySegment.class));
            INTERRUPTED_LONG = lookup.findStatic(Native.class, "interrupted",
                    MethodType.methodType(boolean.class, long.class, MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static boolean interrupted(int result, MemorySegment state) {
        return result == -1 && errno(state) == Errno.EINTR;
    }

    private static boolean interrupted(long result, MemorySegment state) {
        return result == -1 && errno(state) == Errno.EINTR;
    }

    /** A handle to a libc function that cannot fail (no errno to capture). */
    static MethodHandle plainCall(String name, FunctionDescriptor signature) {
        return LINKER.downcallHandle(require(name), signature);
    }

    private static MemorySegment require(String name) {
        return LIBC.find(name).orElseThrow(() ->
                new UnsupportedOperationException("libc has no symbol '" + name + "' on this platform"));
    }

    /** Tells {@code probe} that {@code call} on {@code fd} returned {@code r} (errno read only when it failed). */
    static void report(SyscallProbe probe, Syscall call, int fd, long r, MemorySegment state, long start) {
        probe.end(call, fd, r >= 0 ? r : -errno(state), start);
    }

    /** Maps a raw result: non-negative passes, EINTR and EAGAIN become markers, the rest throws. */
    static long check(long result, MemorySegment state, String call, int fd) throws ErrnoException {
        return result >= 0 ? result : failure(state, call, null, "fd", fd);
    }

    /** As {@link #check(long, MemorySegment, String, int)}, for a call whose key arguments are an operation and an fd. */
    static long check(long result, MemorySegment state, String call, String op, int fd) throws ErrnoException {
        return result >= 0 ? result : failure(state, call, op, "fd", fd);
    }

    /** As {@link #check(long, MemorySegment, String, int)}, for a call whose key argument is not an fd. */
    static long checkArg(long result, MemorySegment state, String call, String argName, long arg)
            throws ErrnoException {
        return result >= 0 ? result : failure(state, call, null, argName, arg);
    }

    /** As {@link #check(long, MemorySegment, String, int)}, for a call whose key argument is a path: {@code open(/srv/a.html)}. */
    static long checkPath(long result, MemorySegment state, String call, String path) throws ErrnoException {
        return result >= 0 ? result : failure(state, call, path, null, -1);
    }

    // The message is built only here, on failure: the success path formats nothing.
    private static long failure(MemorySegment state, String call, String op, String argName, long arg)
            throws ErrnoException {
        int errno = errno(state);
        if (errno == Errno.EINTR) {
            return INTERRUPTED;
        }
        if (errno == Errno.EAGAIN) {
            return WOULD_BLOCK;
        }
        StringBuilder args = new StringBuilder();
        if (op != null) {
            args.append(op);
        }
        if (arg >= 0) {
            args.append(args.isEmpty() ? "" : ", ").append(argName).append('=').append(arg);
        }
        throw new ErrnoException(call + "(" + args + ")", errno);
    }

    /** Downcalls declare {@code Throwable}; a linked libc function throws nothing Java can see. */
    static AssertionError unreachable(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new AssertionError("a native downcall threw " + t, t);
    }
}
