package org.iomodels.process;

import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The descriptors a child inherits at its start: while the parent encodes a {@link ChildProcess}
 * for its child, each {@link Connection} among its fields becomes a {@link Ref} to a slot and its
 * descriptors are collected ({@link #collect}); {@code posix_spawn} gives slot {@code i} to the
 * child as descriptor {@code 5 + i} (3 and 4 are the control channel), where the child's decoding turns
 * the Ref back into a Connection on it. A child the {@link ForkServer} started gets them by
 * {@code SCM_RIGHTS} at whatever numbers are free in it ({@link #received}). Outside a child's start a Connection does not serialize.
 */
final class Inherited {
    /** The first descriptor number of the inherited ones in a child (3 and 4 are the control channel's). */
    static final int FIRST_FD = 5;
    private static final ThreadLocal<List<Integer>> COLLECTING = new ThreadLocal<>();
    /** Where each slot's descriptor is in a child started by the forkserver (null: at {@code FIRST_FD + slot}). */
    private static volatile int[] received;

    private Inherited() {}

    /** Encodes with {@code encode} while collecting the descriptors of what it serializes; returns them. */
    static List<Integer> collect(ThrowingRunnable encode) throws java.io.IOException {
        List<Integer> fds = new ArrayList<>();
        COLLECTING.set(fds);
        try {
            encode.run();
        } finally {
            COLLECTING.remove();
        }
        return fds;
    }

    /** A forkserver child's descriptors: slot {@code i} is {@code fds[i]}, wherever the kernel put it. */
    static void received(int[] fds) {
        received = fds.clone();
    }

    /** The descriptor of {@code slot} in this child. */
    static int fd(int slot) throws java.io.InvalidObjectException {
        int[] r = received;
        if (r == null) {
            return FIRST_FD + slot;
        }
        if (slot >= r.length) {
            throw new java.io.InvalidObjectException("the task names inherited descriptor " + slot + " of " + r.length);
        }
        return r[slot];
    }

    interface ThrowingRunnable {
        void run() throws java.io.IOException;
    }

    /** What a Connection on {@code readFd} and {@code writeFd} (-1: none) serializes as, inside {@link #collect}. */
    static Object replace(int readFd, int writeFd) throws ObjectStreamException {
        List<Integer> fds = COLLECTING.get();
        if (fds == null) {
            throw new NotSerializableException("a Connection crosses to a child only as an argument (or a field) of its ChildProcess,"
                    + " which hands the child its descriptor as it starts");
        }
        return new Ref(slot(fds, readFd), slot(fds, writeFd));
    }

    /** What a {@link SharedBlock} on {@code fd} serializes as, inside {@link #collect}. */
    static Object replaceBlock(int fd, long size) throws ObjectStreamException {
        List<Integer> fds = COLLECTING.get();
        if (fds == null) {
            throw new NotSerializableException("a queue, lock or shared value crosses to a child only as an argument (or a field) of its"
                    + " ChildProcess, which hands the child its shared memory as it starts");
        }
        return new BlockRef(slot(fds, fd), size);
    }

    /** A shared block as it crosses: the slot of its memfd in the child, and its size. */
    record BlockRef(int slot, long size) implements Serializable {
        @Serial
        private Object readResolve() throws ObjectStreamException {
            try {
                return SharedBlock.inherited(fd(slot), size);
            } catch (java.io.IOException e) {
                throw new java.io.InvalidObjectException("cannot map an inherited shared block: " + e.getMessage());
            }
        }
    }

    private static int slot(List<Integer> fds, int fd) {
        if (fd < 0) {
            return -1;
        }
        int slot = fds.indexOf(fd);
        if (slot < 0) {
            fds.add(fd);
            slot = fds.size() - 1;
        }
        return slot;
    }

    /** A Connection as it crosses: the slots of its descriptors in the child (-1: none). */
    record Ref(int readSlot, int writeSlot) implements Serializable {
        @Serial
        private Object readResolve() throws ObjectStreamException {
            try {
                return new Connection(readSlot < 0 ? -1 : fd(readSlot), writeSlot < 0 ? -1 : fd(writeSlot));
            } catch (java.io.IOException e) {
                throw new java.io.InvalidObjectException("cannot open an inherited descriptor: " + e.getMessage());
            }
        }
    }
}
