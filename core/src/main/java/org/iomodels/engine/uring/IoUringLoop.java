package org.iomodels.engine.uring;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.iomodels.engine.loop.EventLoop;
import org.iomodels.poller.WakeupFd;
import org.iomodels.sys.Errno;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.IoUring;
import org.iomodels.sys.Libc;
import org.iomodels.sys.Poll;
import org.iomodels.sys.Syscall;
import org.iomodels.sys.SyscallProbe;
import org.iomodels.uring.IoUringBufferRing;
import org.iomodels.uring.IoUringPrep;
import org.iomodels.uring.IoUringRing;
import org.iomodels.uring.IoUringUserData;

/**
 * An event loop on one io_uring ({@code io_uring(7)}): Stevens' asynchronous model, where the
 * kernel both waits for data and copies it. Each turn makes one {@code io_uring_enter}: it submits
 * everything prepared since the last (sends, re-armed receives, cancellations) and waits for
 * completions. Accepts and receives are multishot (armed once, completing many times), and
 * receives pick from a ring of provided buffers instead of holding one per connection.
 *
 * <p>The ring is created on the loop thread, so it can be SINGLE_ISSUER with DEFER_TASKRUN
 * (completion work runs only when this thread enters the kernel), with a clean fallback to plain
 * rings on kernels that refuse those flags. User data is a connection id and one of the {@code OP_}
 * tags below ({@link IoUringUserData}).
 */
final class IoUringLoop extends EventLoop {
    static final int OP_ACCEPT = 1;
    static final int OP_RECV = 2;
    static final int OP_SEND = 3;
    static final int OP_CANCEL = 4;
    static final int OP_WAKE = 5;
    static final int OP_LISTENER_READY = 6;
    private static final int ENTRIES = 1024;
    /** Provided receive buffers per ring, shared by its connections (8 MiB of 16 KiB buffers). */
    static final int BUFFERS = 512;
    static final int BUFFER_SIZE = 16 * 1024;
    /**
     * A queued file is mapped and sent this much at a time. Like a send chunk, a window in flight
     * has left the pending count, so this bounds what pendingBytes() does not show; 1 MiB is the
     * default high-water mark, and costs one mmap, one send and one munmap per MiB.
     */
    static final long FILE_WINDOW = 1 << 20;
    private final IoUringServer uServer;
    private final int bufferCount;
    private final Arena arena = Arena.ofShared();
    final MemorySegment readSegment = arena.allocate(READ_BUFFER, 64);
    private final ByteBuffer readBuffer = readSegment.asByteBuffer();
    private final WakeupFd wake = new WakeupFd(false);
    private final MemorySegment wakeSink = arena.allocate(JAVA_LONG);
    private final IoUringBatchWait waits = new IoUringBatchWait(arena);
    private final Map<Long, IoUringConn> byId = new HashMap<>();
    final IoUringSendBuffers sendBuffers = new IoUringSendBuffers(arena);
    IoUringRing ring;
    IoUringReceiveBuffers buffers;
    private int listenerFd = -1;
    private boolean acceptArmed;
    private boolean listenerPollArmed;

    IoUringLoop(IoUringServer server, int bufferCount) throws IOException {
        super(server);
        this.uServer = server;
        this.bufferCount = bufferCount;
    }

    @Override
    public ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** Makes this loop the acceptor for {@code fd}; armed on the loop thread. Before the loop starts. */
    void acceptOn(int fd) {
        listenerFd = fd;
    }

    /** The ring, made on first use by the loop thread (SINGLE_ISSUER binds it to its creator). */
    private void ensureRing() throws IOException {
        if (ring != null) {
            return;
        }
        ring = openRing();
        buffers = new IoUringReceiveBuffers(ring, arena, bufferCount, BUFFER_SIZE);
        armWake();
        if (listenerFd >= 0) {
            armAccept();
        }
    }

    private IoUringRing openRing() throws ErrnoException {
        int[] tries = {IoUring.SETUP_SINGLE_ISSUER | IoUring.SETUP_DEFER_TASKRUN, IoUring.SETUP_COOP_TASKRUN, 0};
        for (int i = 0; ; i++) {
            try {
                return new IoUringRing(ENTRIES, ENTRIES * 4, tries[i], probe);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EINVAL || i == tries.length - 1) {
                    throw e;
                }
            }
        }
    }

    /**
     * The next submission entry. A full SQ is submitted first, without asking for completions:
     * this runs in the middle of a batch of completions, and reaping more there would let a
     * storm of them keep the loop from ever finishing its turn (issue 11).
     */
    long sqe(long id, int op) {
        long at = ring.getSqe();
        if (at < 0) {
            try {
                ring.submit();
            } catch (ErrnoException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            at = ring.getSqe();
        }
        ring.setUserData(at, IoUringUserData.pack(id, op));
        return at;
    }

    void cancel(long id, int op) {
        IoUringPrep.prepCancel64(ring, sqe(0, OP_CANCEL), IoUringUserData.pack(id, op));
    }

    private void armWake() {
        IoUringPrep.prepRead(ring, sqe(0, OP_WAKE), wake.fd, wakeSink.address(), 8);
    }

    private void armAccept() {
        IoUringPrep.prepMultishotAccept(ring, sqe(0, OP_ACCEPT), listenerFd, Libc.O_CLOEXEC);
        acceptArmed = true;
    }

    @Override
    public void waitAndDispatch(long timeoutNanos) throws IOException {
        ensureRing();
        waits.submitAndWait(ring, byId.size(), timeoutNanos);
        // One pass over what is ready now: completions posted meanwhile wait for the next turn,
        // so the turn ends, buffers are published and the stop flag is read however busy it is.
        // Each slot is handed back before its completion is handled, so the CQ never fills under us.
        int ready = ring.ready();
        waits.turnBrought(ready);
        for (int n = ready; n > 0; n--) {
            long userData = ring.userData(0);
            int res = ring.result(0);
            int flags = ring.flags(0);
            ring.advance(1);
            dispatch(userData, res, flags);
        }
        buffers.endOfTurn();
    }

    /** Times a receive found no provided buffer (ENOBUFS). After the loop ended. */
    long bufferShortages() {
        return buffers == null ? 0 : buffers.shortages();
    }

    private void dispatch(long userData, int res, int flags) {
        long id = IoUringUserData.id(userData);
        switch (IoUringUserData.tag(userData)) {
            case OP_RECV -> {
                IoUringConn c = byId.get(id);
                if (c != null) {
                    c.onRecv(res, flags);
                } else if (IoUringBufferRing.bufferId(flags) >= 0) {
                    buffers.recycle(IoUringBufferRing.bufferId(flags)); // a late completion of a closed connection
                }
            }
            case OP_SEND -> {
                IoUringConn c = byId.get(id);
                if (c != null) {
                    c.onSent(res);
                }
            }
            case OP_ACCEPT -> onAccept(res, flags);
            case OP_LISTENER_READY -> {
                listenerPollArmed = false;
                if (!acceptArmed && !acceptPaused() && res >= 0) {
                    armAccept(); // a client is waiting: now an accept can succeed, or be shed
                }
            }
            case OP_WAKE -> armWake();
            default -> { } // OP_CANCEL: the cancelled operation reports for itself
        }
    }

    private void onAccept(int res, int flags) {
        probe.completed(Syscall.ACCEPT, listenerFd, res);
        if ((flags & IoUring.CQE_F_MORE) == 0) {
            acceptArmed = false;
        }
        if (res >= 0) {
            uServer.handOver(res);
        } else {
            uServer.acceptFailed(this, -res);
        }
        if (!acceptArmed && !acceptPaused() && listenerFd >= 0) {
            armAccept();
        }
    }

    @Override
    public void stopAccepting() {
        if (acceptArmed) {
            cancel(0, OP_ACCEPT);
        }
        if (listenerPollArmed) {
            cancel(0, OP_LISTENER_READY);
        }
    }

    /**
     * After a pause for want of descriptors: an accept armed now would fail at once with EMFILE
     * even with nobody waiting (accept(2) takes the descriptor before it looks at the backlog), 10
     * times a second for the whole shortage. A poll for a waiting client arms it only when needed.
     */
    @Override
    public void resumeAccepting() {
        if (!acceptArmed && !listenerPollArmed) {
            IoUringPrep.prepPollAdd(ring, sqe(0, OP_LISTENER_READY), listenerFd, Poll.POLLIN);
            listenerPollArmed = true;
        }
    }

    /** Takes over an accepted socket. Loop thread. */
    void adopt(int fd, long id) {
        try {
            ensureRing();
        } catch (IOException e) {
            server.log("cannot start the io_uring loop: " + e.getMessage());
            IoUringConn.closeFd(fd, SyscallProbe.NONE);
            server.closedOne();
            return;
        }
        IoUringConn conn = new IoUringConn(this, fd, id);
        byId.put(id, conn);
        conn.opened();
    }

    void forget(long id) {
        byId.remove(id);
    }

    @Override
    public void wakeup() {
        wake.signal();
    }

    @Override
    public void closeMechanism() {
        ArrayList<IoUringConn> left = new ArrayList<>(byId.values());
        for (IoUringConn c : left) {
            c.releaseFd(); // deferred closes whose sends will never complete now
        }
        byId.clear();
        try {
            if (ring != null) {
                ring.close(); // cancels whatever is still in flight
            }
        } catch (ErrnoException e) {
            server.log("closing the ring failed: " + e.getMessage());
        }
        for (IoUringConn c : left) {
            c.ringClosed(); // unmaps file windows those sends were reading
        }
        wake.close();
        arena.close();
    }
}
