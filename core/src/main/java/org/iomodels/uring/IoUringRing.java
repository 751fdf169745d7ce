package org.iomodels.uring;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.IoUring;
import org.iomodels.sys.Libc;
import org.iomodels.sys.Mman;
import org.iomodels.sys.SyscallProbe;

/**
 * One io_uring instance ({@code io_uring(7)}), mapped and driven from Java: the submission queue
 * (SQ), its array of entries (SQEs), and the completion queue (CQ), all shared with the kernel.
 *
 * <p>Memory ordering follows liburing's {@code barrier.h}: each index the kernel writes is read
 * with acquire, and each index we publish is written with release, so the entries they guard are
 * seen whole; nothing else needs a fence. Owned by one thread (it may be created with
 * SINGLE_ISSUER); not thread-safe.
 */
public final class IoUringRing implements AutoCloseable {
    private static final VarHandle INT = JAVA_INT.varHandle();

    private final Arena arena = Arena.ofConfined();
    private final int fd;
    private final int features;
    private final MemorySegment sqRing;
    private final MemorySegment cqRing;
    private final MemorySegment sqes;
    private final long sqHead;
    private final long sqTail;
    private final long sqFlags;
    private final long sqArray;
    private final int sqMask;
    private final int sqEntries;
    private final long cqHead;
    private final long cqTail;
    private final long cqOverflow;
    private final long cqes;
    private final int cqMask;
    private int localSqTail;
    private int submittedTail;
    private int localCqHead;
    private boolean closed;
    private final SyscallProbe probe;

    /** Sets up a ring of {@code entries} (a power of two) with {@code setupFlags} and a CQ of {@code cqEntries}. */
    public IoUringRing(int entries, int cqEntries, int setupFlags) throws ErrnoException {
        this(entries, cqEntries, setupFlags, SyscallProbe.NONE);
    }

    /** As {@link #IoUringRing(int, int, int)}, each {@code io_uring_enter} reported to {@code probe}. */
    public IoUringRing(int entries, int cqEntries, int setupFlags, SyscallProbe probe) throws ErrnoException {
        this.probe = probe;
        MemorySegment params = arena.allocate(IoUring.PARAMS);
        params.set(JAVA_INT, IoUring.param("flags"), setupFlags | IoUring.SETUP_CQSIZE | IoUring.SETUP_CLAMP);
        params.set(JAVA_INT, IoUring.param("cq_entries"), cqEntries);
        fd = IoUring.setup(entries, params);
        try {
            features = params.get(JAVA_INT, IoUring.param("features"));
            sqEntries = params.get(JAVA_INT, IoUring.param("sq_entries"));
            int cqCount = params.get(JAVA_INT, IoUring.param("cq_entries"));
            long sqSize = params.get(JAVA_INT, IoUring.param("sq_off", "array")) + 4L * sqEntries;
            long cqSize = params.get(JAVA_INT, IoUring.param("cq_off", "cqes")) + IoUring.CQE_SIZE * cqCount;
            if ((features & IoUring.FEAT_SINGLE_MMAP) != 0) {
                sqRing = Mman.mmapShared(fd, Math.max(sqSize, cqSize), IoUring.OFF_SQ_RING);
                cqRing = sqRing;
            } else {
                sqRing = Mman.mmapShared(fd, sqSize, IoUring.OFF_SQ_RING);
                cqRing = Mman.mmapShared(fd, cqSize, IoUring.OFF_CQ_RING);
            }
            sqes = Mman.mmapShared(fd, IoUring.SQE_SIZE * sqEntries, IoUring.OFF_SQES);
        } catch (ErrnoException e) {
            Libc.close(fd);
            throw e;
        }
        sqHead = params.get(JAVA_INT, IoUring.param("sq_off", "head"));
        sqTail = params.get(JAVA_INT, IoUring.param("sq_off", "tail"));
        sqFlags = params.get(JAVA_INT, IoUring.param("sq_off", "flags"));
        sqArray = params.get(JAVA_INT, IoUring.param("sq_off", "array"));
        sqMask = sqRing.get(JAVA_INT, params.get(JAVA_INT, IoUring.param("sq_off", "ring_mask")));
        cqHead = params.get(JAVA_INT, IoUring.param("cq_off", "head"));
        cqTail = params.get(JAVA_INT, IoUring.param("cq_off", "tail"));
        cqOverflow = params.get(JAVA_INT, IoUring.param("cq_off", "overflow"));
        cqes = params.get(JAVA_INT, IoUring.param("cq_off", "cqes"));
        cqMask = cqRing.get(JAVA_INT, params.get(JAVA_INT, IoUring.param("cq_off", "ring_mask")));
        localSqTail = (int) INT.getAcquire(sqRing, sqTail);
        submittedTail = localSqTail;
        localCqHead = (int) INT.getAcquire(cqRing, cqHead);
    }

    public int fd() {
        return fd;
    }

    public int features() {
        return features;
    }

    /** Free submission slots right now. */
    public int sqSpace() {
        // Acquire: the kernel moves head after it has read the entries; only then may a slot be reused.
        int head = (int) INT.getAcquire(sqRing, sqHead);
        return sqEntries - (localSqTail - head);
    }

    /**
     * The next submission entry, zeroed (liburing's {@code io_uring_get_sqe}): its offset in
     * {@link #sqes()}, for one of {@link IoUringPrep}'s helpers to fill; -1 when the SQ is full
     * (submit first). It goes to the kernel at the next submit.
     */
    public long getSqe() {
        if (sqSpace() == 0) {
            return -1;
        }
        int index = localSqTail & sqMask;
        long at = index * IoUring.SQE_SIZE;
        sqes.asSlice(at, IoUring.SQE_SIZE).fill((byte) 0);
        sqRing.set(JAVA_INT, sqArray + 4L * index, index); // plain: published by the release of the tail
        localSqTail++;
        return at;
    }

    /** The user data the entry's completions carry ({@code io_uring_sqe_set_data64}); see {@link IoUringUserData}. */
    public void setUserData(long sqe, long userData) {
        sqes.set(JAVA_LONG, sqe + IoUring.SQE_USER_DATA, userData);
    }

    /** The mapped SQE array, which {@link IoUringPrep} fills. */
    public MemorySegment sqes() {
        return sqes;
    }

    /** Entries prepared since the last {@link #submitAndWait}. */
    public int unsubmitted() {
        return localSqTail - submittedTail;
    }

    /**
     * Publishes every prepared entry and enters the kernel once: submits them and, if
     * {@code waitFor} > 0, waits until that many completions are ready. Returns entries submitted.
     */
    public int submitAndWait(int waitFor) throws ErrnoException {
        // Release: the kernel must see the entries' contents before the tail that hands them over.
        INT.setRelease(sqRing, sqTail, localSqTail);
        int toSubmit = localSqTail - submittedTail;
        // GETEVENTS even with nothing to wait for: with DEFER_TASKRUN, completions are posted only then.
        int n = IoUring.enter(fd, toSubmit, waitFor, IoUring.ENTER_GETEVENTS, probe);
        submittedTail += n;
        return n;
    }

    /**
     * Publishes every prepared entry and submits them without asking for completions: with
     * DEFER_TASKRUN no completion is posted by this enter, so a caller in the middle of a batch of
     * completions makes room in the SQ without new ones arriving under it. Returns entries submitted.
     */
    public int submit() throws ErrnoException {
        INT.setRelease(sqRing, sqTail, localSqTail); // release, as in submitAndWait
        int n = IoUring.enter(fd, localSqTail - submittedTail, 0, 0, probe);
        submittedTail += n;
        return n;
    }

    /** As {@link #submitAndWait}{@code (1)}, giving up after the timespec that {@code arg} (a struct io_uring_getevents_arg) points to. */
    public int submitAndWaitTimeout(MemorySegment arg) throws ErrnoException {
        return submitAndWaitTimeout(arg, 1);
    }

    /** As {@link #submitAndWaitTimeout(MemorySegment)}, until {@code minComplete} completions or the timeout. */
    public int submitAndWaitTimeout(MemorySegment arg, int minComplete) throws ErrnoException {
        INT.setRelease(sqRing, sqTail, localSqTail); // release, as in submitAndWait
        int n = IoUring.enterWait(fd, localSqTail - submittedTail, minComplete, arg, probe);
        submittedTail += n;
        return n;
    }

    /** Completions ready now. */
    public int ready() {
        // Acquire: the kernel writes a completion, then the tail; the tail read first would show a stale entry.
        return (int) INT.getAcquire(cqRing, cqTail) - localCqHead;
    }

    /** The user data of ready completion {@code i} (0 <= i < {@link #ready()}). */
    public long userData(int i) {
        return cqRing.get(JAVA_LONG, cqe(i) + IoUring.CQE_USER_DATA);
    }

    public int result(int i) {
        return cqRing.get(JAVA_INT, cqe(i) + IoUring.CQE_RES);
    }

    public int flags(int i) {
        return cqRing.get(JAVA_INT, cqe(i) + IoUring.CQE_FLAGS);
    }

    private long cqe(int i) {
        return cqes + ((localCqHead + i) & cqMask) * IoUring.CQE_SIZE;
    }

    /** Marks {@code n} completions consumed, handing their slots back to the kernel. */
    public void advance(int n) {
        localCqHead += n;
        // Release: our reads of those entries happen before the kernel may overwrite them.
        INT.setRelease(cqRing, cqHead, localCqHead);
    }

    /** Completions the kernel had to drop or hold back because the CQ was full (0 with FEAT_NODROP unless memory ran out). */
    public int overflow() {
        return (int) INT.getAcquire(cqRing, cqOverflow);
    }

    @Override
    public void close() throws ErrnoException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Mman.munmap(sqes);
            if (cqRing != sqRing) {
                Mman.munmap(cqRing);
            }
            Mman.munmap(sqRing);
        } finally {
            Libc.close(fd);
            arena.close();
        }
    }
}
