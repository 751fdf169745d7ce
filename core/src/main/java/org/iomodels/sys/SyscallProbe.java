package org.iomodels.sys;





/**
 * Where every syscall of an engine reports: its {@link Syscall}, fd, result and start/end time.
 * A call site asks {@link #start} before the call and tells {@link #end} after it, failed or not;
 * the {@code sys} wrappers that take a probe do both themselves, so an engine's call is one line.
 *
 * <p>Two probes: {@link SyscallCounters}, the counts and sampled times {@code --stats} and the bench
 * print, and {@link SyscallTrace}, every call in order into a bounded ring buffer, switched on for
 * one server alone ({@code explain}). Results follow the kernel: a non-negative return value, or
 * {@code -errno} ({@code -Errno.EAGAIN} for "not now"), or {@link #FAILED} when a JDK method threw
 * and the errno behind it is not known.
 */
public interface SyscallProbe {
    /** A start that carries no time: the counters time one copy call in {@link SyscallCounters#SAMPLE}. */
    long UNTIMED = Long.MIN_VALUE;
    /** The result of a call that failed with an errno the caller cannot see (a JDK method threw). */
    long FAILED = Long.MIN_VALUE;

    /** A probe that records nothing, for calls made outside any server (tests, tools, set-up). */
    SyscallProbe NONE = new SyscallProbe() {
        @Override
        public long start(Syscall call) {
            return UNTIMED;
        }

        @Override
        public void end(Syscall call, int fd, long result, long start) {}

        @Override
        public void completed(Syscall op, int fd, long result) {}
    };

    /** Before {@code call}: a {@link System#nanoTime} reading, or {@link #UNTIMED}. */
    long start(Syscall call);

    /** After {@code call} on {@code fd} (-1 when it has none or it is unknown) returned {@code result}. */
    void end(Syscall call, int fd, long result, long start);

    /**
     * An operation the kernel carried out with no call of ours: an io_uring receive, send or accept
     * completing (Stevens' asynchronous model: the kernel copies), or a queued {@link Syscall#SIGIO}.
     */
    void completed(Syscall op, int fd, long result);

}
