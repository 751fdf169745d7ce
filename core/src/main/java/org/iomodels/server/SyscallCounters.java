package org.iomodels.server;

/**
 * Syscalls one engine thread made, by kind, with the time spent in them: the numbers that show
 * Stevens' two phases (waiting for data, copying it). A "message" is one read that returned data.
 *
 * <p>One thread writes a counters object (no synchronisation on the hot path); others read it
 * only for reports, through {@link Snapshot#sum}. The kinds partition the calls: a read that
 * returned EAGAIN counts as {@link Kind#EAGAIN}, not as a read.
 */
public final class SyscallCounters {
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

    private final long[] calls = new long[KINDS.length];
    private final long[] nanos = new long[KINDS.length];
    private long messages;
    private long bytesIn;
    private long bytesOut;

    /** Records one call of {@code kind} that started at {@code startNanos} (System.nanoTime). */
    public void count(Kind kind, long startNanos) {
        calls[kind.ordinal()]++;
        nanos[kind.ordinal()] += System.nanoTime() - startNanos;
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
        return new Snapshot(calls.clone(), nanos.clone(), messages, bytesIn, bytesOut);
    }

    /** Counts at one moment; sums of several threads' counters. */
    public record Snapshot(long[] calls, long[] nanos, long messages, long bytesIn, long bytesOut) {
        public static final Snapshot EMPTY =
                new Snapshot(new long[KINDS.length], new long[KINDS.length], 0, 0, 0);

        public Snapshot sum(Snapshot other) {
            long[] c = calls.clone();
            long[] n = nanos.clone();
            for (int i = 0; i < c.length; i++) {
                c[i] += other.calls[i];
                n[i] += other.nanos[i];
            }
            return new Snapshot(c, n, messages + other.messages, bytesIn + other.bytesIn, bytesOut + other.bytesOut);
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
