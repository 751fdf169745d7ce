package org.iomodels.sys;

import java.util.ArrayList;
import java.util.List;

/**
 * Every syscall of one server, in order, into a bounded ring buffer: which call ran on which fd,
 * with what result, when, for how long, on which thread. The probe {@code explain} prints.
 *
 * <p>Switched on for one server alone ({@code ServerConfig.withTrace}): that server's threads get
 * {@link #over} probes, every other server keeps its plain {@link SyscallCounters}, so nothing
 * else is slowed. A traced call is always timed, and still counted: {@code --stats} reads the
 * same counters. Threads record under one lock; when the buffer is full the oldest event goes
 * and {@link #dropped} says how many did.
 */
public final class SyscallTrace {
    /**
     * One call, or with {@code completion} one operation the kernel completed on its own
     * ({@link SyscallProbe#completed}, no duration). {@code startNanos} is {@link System#nanoTime}.
     */
    public record Event(Syscall call, int fd, long result, long startNanos, long nanos, String thread,
                        boolean completion) {
        /** The result as strace shows it: a count, or the errno's name ({@code EAGAIN}), or {@code error}. */
        public String resultText() {
            if (result >= 0) {
                return Long.toString(result);
            }
            return result == SyscallProbe.FAILED ? "error" : Errno.name((int) -result);
        }
    }

    private final Event[] ring;
    private long recorded;

    /** A trace that keeps the last {@code capacity} events. */
    public SyscallTrace(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("trace capacity must be at least 1, not " + capacity);
        }
        ring = new Event[capacity];
    }

    /** The probe for one thread of the traced server: it records here and counts into {@code counters}. */
    public SyscallProbe over(SyscallCounters counters) {
        return new SyscallProbe() {
            @Override
            public long start(Syscall call) {
                return System.nanoTime();
            }

            @Override
            public void end(Syscall call, int fd, long result, long start) {
                long now = System.nanoTime();
                long begin = start == UNTIMED ? now : start; // reported after the fact (jdk-nio2's completions)
                counters.endTimed(call, result, now - begin);
                record(new Event(call, fd, result, begin, now - begin, threadName(), false));
            }

            @Override
            public void completed(Syscall op, int fd, long result) {
                counters.completed(op, fd, result);
                record(new Event(op, fd, result, System.nanoTime(), 0, threadName(), true));
            }
        };
    }

    private static String threadName() {
        Thread t = Thread.currentThread();
        String name = t.getName();
        return name.isEmpty() ? (t.isVirtual() ? "virtual-" : "thread-") + t.threadId() : name;
    }

    private synchronized void record(Event e) {
        ring[(int) (recorded % ring.length)] = e;
        recorded++;
    }

    /** The events kept, oldest first. */
    public synchronized List<Event> events() {
        int kept = (int) Math.min(recorded, ring.length);
        List<Event> out = new ArrayList<>(kept);
        for (long i = recorded - kept; i < recorded; i++) {
            out.add(ring[(int) (i % ring.length)]);
        }
        return out;
    }

    /** Events recorded since the start or the last {@link #clear}, kept or not. */
    public synchronized long recorded() {
        return recorded;
    }

    /** Events the buffer no longer holds: the oldest, pushed out by newer ones. */
    public synchronized long dropped() {
        return Math.max(0, recorded - ring.length);
    }

    /** Forgets every event (between two exchanges that should be read apart). */
    public synchronized void clear() {
        java.util.Arrays.fill(ring, null);
        recorded = 0;
    }
}
