package org.iomodels.selectors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.poller.Poller;

/**
 * A selector that is a thin adapter over one of the project's pollers, as CPython's selectors are
 * over its {@code select} module: {@link BaseSelector} keeps Python's semantics (the key table,
 * argument checks, timeouts), the {@link Poller} talks to the kernel. The event bits are the
 * same on both sides ({@code EVENT_READ} is {@code Poller.READ}, {@code EVENT_WRITE} is
 * {@code Poller.WRITE}), and an error or hang-up reports both, masked to what the key watches:
 * Python's rule.
 */
abstract class PollerSelector extends BaseSelector {
    final Poller poller;

    PollerSelector(Poller poller) {
        this.poller = poller;
    }

    @Override
    protected void kernelAdd(int fd, int events) throws IOException {
        poller.add(fd, events);
    }

    @Override
    protected void kernelModify(int fd, int events) throws IOException {
        poller.modify(fd, events);
    }

    @Override
    protected void kernelRemove(int fd) throws IOException {
        poller.remove(fd);
    }

    @Override
    protected List<Ready> kernelSelect(long timeoutNanos) throws IOException {
        List<Ready> ready = new ArrayList<>();
        poller.poll(timeoutNanos, (fd, events, hangup) -> {
            SelectorKey key = fdToKey.get(fd);
            int mask = key == null ? 0 : events & key.events();
            if (mask != 0) {
                ready.add(new Ready(key, mask));
            }
        });
        return ready;
    }

    @Override
    protected void kernelClose() {
        poller.close();
    }
}
