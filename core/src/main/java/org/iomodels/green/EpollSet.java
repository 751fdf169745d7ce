package org.iomodels.green;

import java.util.Arrays;
import org.iomodels.poller.EpollPoller;
import org.iomodels.poller.Poller;
import org.iomodels.sys.Errno;
import org.iomodels.sys.ErrnoException;

/**
 * What the hub's epoll set holds for each descriptor, so that the set can be kept lazily, as
 * libev keeps it: a greenlet that reads a socket in a loop stops waiting on it and waits again at
 * once, and each wait would otherwise cost an {@code epoll_ctl} ADD and a DEL. A lazy removal
 * leaves the descriptor in the set; the first event nobody watches narrows it then, and a
 * descriptor about to be closed is {@linkplain #closing forgotten} with no syscall (the close
 * takes it out of the kernel's set). Only descriptors whose close the hub hears of are kept
 * lazily ({@link GreenFd}: the green engine's sockets); the cooperative sockets' waits and a
 * user's fd behind {@link Hub#addReader} are added and removed at once. (A descriptor closed
 * while a duplicate of it lives stays in the kernel's set, as epoll(7) warns; none of ours is
 * duplicated.)
 */
final class EpollSet {
    private static final int IN_SET = 4;
    private static final int BOTH = Poller.READ | Poller.WRITE;

    private final EpollPoller poller;
    /** 0 if the fd is not in the set, else {@link #IN_SET} and the interest bits the kernel has. */
    private byte[] bits = new byte[64];

    EpollSet(EpollPoller poller) {
        this.poller = poller;
    }

    /** The interest the kernel has for {@code fd} (READ, WRITE), or -1 if it is not in the set. */
    int has(int fd) {
        return fd < bits.length && bits[fd] != 0 ? bits[fd] & BOTH : -1;
    }

    /** Makes the set watch at least {@code want} for {@code fd}. */
    void widen(int fd, int want) throws ErrnoException {
        if (fd >= bits.length) {
            bits = Arrays.copyOf(bits, Math.max(fd + 1, bits.length * 2));
        }
        int has = has(fd);
        if (has < 0) {
            add(fd, want);
        } else if ((has & want) != want) {
            try {
                poller.modify(fd, has | want);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ENOENT) {
                    throw e;
                }
                poller.forget(fd); // closed and reused without a word to the hub: the old entry went with the close
                bits[fd] = 0;
                add(fd, want);
                return;
            }
            bits[fd] = (byte) (IN_SET | has | want);
        }
    }

    private void add(int fd, int want) throws ErrnoException {
        try {
            poller.add(fd, want);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EEXIST) {
                throw e;
            }
            poller.modify(fd, want); // still in the set by a duplicate of a descriptor closed without a word
        }
        bits[fd] = (byte) (IN_SET | want);
    }

    /** Makes the set watch exactly {@code want} for {@code fd} (0: not at all), if it watches more now. */
    void narrow(int fd, int want) throws ErrnoException {
        int has = has(fd);
        if (has < 0 || (has & ~want) == 0 && want != 0) {
            return;
        }
        if (want == 0) {
            bits[fd] = 0;
            try {
                poller.remove(fd);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EBADF && e.errno() != Errno.ENOENT) {
                    throw e;
                }
                poller.forget(fd); // closed under us: the kernel dropped it from the set already
            }
        } else {
            try {
                poller.modify(fd, want);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ENOENT) {
                    throw e;
                }
                poller.forget(fd); // closed and reused without a word to the hub: add the new one
                bits[fd] = 0;
                add(fd, want);
                return;
            }
            bits[fd] = (byte) (IN_SET | want);
        }
    }

    /** {@code fd} is about to be closed, its watchers gone: its entry leaves with the close. */
    void closing(int fd) {
        if (has(fd) >= 0) {
            bits[fd] = 0;
            poller.forget(fd);
        }
    }
}
