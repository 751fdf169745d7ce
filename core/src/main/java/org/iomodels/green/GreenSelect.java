package org.iomodels.green;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.iomodels.sys.ErrnoException;
import org.iomodels.sys.Poll;
import org.iomodels.sys.SyscallProbe;

/**
 * gevent's {@code select.select} on the hub: waits until one of the descriptors is ready, the
 * greenlet parked meanwhile. It looks first with one {@code poll(2)} that does not wait; only if
 * nothing is ready does it watch them all on the hub's poller. Returns the ready ones.
 */
public final class GreenSelect {
    /** The descriptors found ready, each list in the order given. */
    public record Ready(List<Integer> readable, List<Integer> writable) {
        public boolean isEmpty() {
            return readable.isEmpty() && writable.isEmpty();
        }
    }

    private GreenSelect() {}

    /** Waits at most {@code timeoutSeconds} (0: only looks; infinity: as long as it takes) for one of them to be ready. */
    public static Ready select(Collection<Integer> readFds, Collection<Integer> writeFds, double timeoutSeconds)
            throws ErrnoException {
        GreenSocket.checked(timeoutSeconds);
        Ready now = look(readFds, writeFds);
        if (!now.isEmpty() || timeoutSeconds == 0) {
            return now;
        }
        Hub hub = Hub.get();
        Set<Integer> readable = new LinkedHashSet<>();
        Set<Integer> writable = new LinkedHashSet<>();
        Waiter w = new Waiter(hub);
        boolean[] woken = {false};
        List<Integer> reading = new ArrayList<>();
        List<Integer> writing = new ArrayList<>();
        try {
            for (int fd : readFds) {
                Readiness.refuseSecond(hub, fd, true, "select()");
                hub.addReader(fd, () -> ready(readable, fd, w, woken));
                reading.add(fd);
            }
            for (int fd : writeFds) {
                Readiness.refuseSecond(hub, fd, false, "select()");
                hub.addWriter(fd, () -> ready(writable, fd, w, woken));
                writing.add(fd);
            }
            w.getWithin(timeoutSeconds, "select() of " + (readFds.size() + writeFds.size()) + " descriptors");
        } finally {
            for (int fd : reading) {
                hub.removeReader(fd);
            }
            for (int fd : writing) {
                hub.removeWriter(fd);
            }
        }
        return new Ready(List.copyOf(readable), List.copyOf(writable));
    }

    /** A watcher fired: note the fd, and wake the selecting greenlet once (soon: the others ready this turn are noted too). */
    private static void ready(Set<Integer> into, int fd, Waiter w, boolean[] woken) {
        into.add(fd);
        if (!woken[0]) {
            woken[0] = true;
            Hub.get().callSoon(() -> w.switchTo(null));
        }
    }

    /** One poll(2) that does not wait. */
    private static Ready look(Collection<Integer> readFds, Collection<Integer> writeFds) throws ErrnoException {
        List<Integer> fds = new ArrayList<>(readFds);
        fds.addAll(writeFds);
        if (fds.isEmpty()) {
            return new Ready(List.of(), List.of());
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfds = arena.allocate(Poll.POLLFD, fds.size());
            for (int i = 0; i < fds.size(); i++) {
                Poll.set(pollfds, i, fds.get(i), i < readFds.size() ? Poll.POLLIN : Poll.POLLOUT);
            }
            Poll.poll(pollfds, fds.size(), 0, SyscallProbe.NONE);
            List<Integer> r = new ArrayList<>();
            List<Integer> wr = new ArrayList<>();
            for (int i = 0; i < fds.size(); i++) {
                short rev = Poll.revents(pollfds, i);
                if (rev != 0) {
                    (i < readFds.size() ? r : wr).add(fds.get(i));
                }
            }
            return new Ready(r, wr);
        }
    }
}
