package org.iomodels.selectors;

import java.io.IOException;
import org.iomodels.sys.Epoll;
import org.iomodels.sys.Poll;

/**
 * Python's {@code selectors.DefaultSelector}: the most efficient selector this platform has —
 * epoll on Linux, else poll, else select.
 */
public final class DefaultSelector {
    private DefaultSelector() {}

    public static Selector open() throws IOException {
        if (Epoll.isSupported()) {
            return new EpollSelector();
        }
        if (Poll.isSupported()) {
            return new PollSelector();
        }
        return new SelectSelector();
    }
}
