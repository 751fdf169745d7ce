package org.iomodels.sys;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Syscalls one engine thread made, by kind, with the time spent in them: the numbers that show
 * Stevens' two phases (waiting for data, copying it). A "message" is one read that returned data.
 *
 * <p>One thread writes a counters object (no synchronisation on the hot path); others read it
 * only for reports, through {@link Snapshot#sum}. The kinds partition the calls: a read that
 * returned EAGAIN counts as {@link Kind#EAGAIN}, not as a read.
 */
public final class SyscallCounters implements SyscallProbe {
    /** What a syscall did. */
    public enum Kind {
        /** waited for readiness or completion: select, poll, epoll_wait, sigtimedwait, io_uring_enter */
        WAIT,
        /** copied data in: read, recv, readv */
        READ,
        /** copied data out: write, send, writev, sendfile */
        WRITE,
        /** asked and was told "not now": any call that returned EAGAIN */
        EAGAIN,
        /** everything else: accept, close, epoll_ctl, fcntl, setsockopt, ... */
        OTHER
    }

    private static final Kind[] KINDS = Kind.values();

    /**
     * Copy and other calls ({@link #start}) have one in {@code SAMPLE} of them timed, that one's
     * duration counted {@code SAMPLE} times: an unbiased estimate of their total time for a
     * eighth of the clock reads. {@code perf} showed the two clock reads per read and write
     * (vDSO clock_gettime) taking 4 % of an epoll server's CPU at 160,000 msgs/s. Waits are few
     * and long, and are always timed. Call counts are always exact.
     */
    public static final int SAMPLE = 8;

    private final long[] calls = new long[KINDS.length];
    private final long[] nanos = new long[KINDS.length];
    private final long[] completions = new long[KINDS.length];
    private long messages;
    private long bytesIn;
    private long bytesOut;

    @Override
    public long start(Syscall call) {
        if (call.kind == Kind.WAIT) {
            return System.nanoTime();
        }
        // Random, not every n-th: calls alternate by kind (read, write, read, ...), a fixed stride would time one kind only.
        return ThreadLocalRandom.current().nextInt(SAMPLE) == 0 ? System.nanoTime() : UNTIMED;
    }

    /** Files the call under its kind, or under {@link Kind#EAGAIN} when a copy or other call was told "not now". */
    @Override
    public void end(Syscall call, int fd, long result, long start) {
        Kind kind = call.kind;
        int k = (result == -Errno.EAGAIN && kind != Kind.WAIT ? Kind.EAGAIN : kind).ordinal();
        calls[k]++;
        if (start != UNTIMED) {
            nanos[k] += (System.nanoTime() - start) * (kind == Kind.WAIT ? 1 : SAMPLE);
        }
    }

    /** As {@link #end}, with the call's whole duration measured (the tracing probe times every call). */
    void endTimed(Syscall call, long result, long nanos) {
        Kind kind = call.kind;
        int k = (result == -Errno.EAGAIN && kind != Kind.WAIT ? Kind.EAGAIN : kind).ordinal();
        calls[k]++;
        this.nanos[k] += nanos;
    }

    /**
     * Counts an operation the kernel carried out without a syscall of ours (an io_uring receive
     * or send completing): Stevens' asynchronous model copies in the kernel, so its copies are
     * completions, not calls. {@code WAIT} counts notifications the kernel delivered: the signals
     * the {@code sigio} engine collected. Not part of {@link Snapshot#totalCalls}.
     */
    @Override
    public void completed(Syscall op, int fd, long result) {
        completions[(result == -Errno.EAGAIN ? Kind.EAGAIN : op.kind).ordinal()]++;
    }

    /** Records a read that returned {@code bytes} > 0. */
    public void received(long bytes) {
        messages++;
        bytesIn += bytes;
    }

    public void sent(long bytes) {
        bytesOut += bytes;
    }

    public Snapshot snapshot() {
        return new Snapshot(calls.clone(), nanos.clone(), completions.clone(), messages, bytesIn, bytesOut);
    }

    /** Counts at one moment; sums of several threads' counters. */
    public record Snapshot(long[] calls, long[] nanos, long[] completions, long messages, long bytesIn, long bytesOut) {
        public static final Snapshot EMPTY =
                new Snapshot(new long[KINDS.length], new long[KINDS.length], new long[KINDS.length], 0, 0, 0);

        public Snapshot sum(Snapshot other) {
            long[] c = calls.clone();
            long[] n = nanos.clone();
            long[] k = completions.clone();
            for (int i = 0; i < c.length; i++) {
                c[i] += other.calls[i];
                n[i] += other.nanos[i];
                k[i] += other.completions[i];
            }
            return new Snapshot(c, n, k, messages + other.messages, bytesIn + other.bytesIn, bytesOut + other.bytesOut);
        }

        /** Operations of {@code kind} the kernel completed asynchronously (io_uring), not counted as calls. */
        public long completions(Kind kind) {
            return completions[kind.ordinal()];
        }

        public long calls(Kind kind) {
            return calls[kind.ordinal()];
        }

        public long nanos(Kind kind) {
            return nanos[kind.ordinal()];
        }

        public long totalCalls() {
            long total = 0;
            for (long c : calls) {
                total += c;
            }
            return total;
        }

        /** Syscalls per message; 0 when there was no message. */
        public double perMessage() {
            return messages == 0 ? 0 : (double) totalCalls() / messages;
        }
    }
}
