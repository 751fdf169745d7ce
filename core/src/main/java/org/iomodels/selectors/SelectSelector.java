package org.iomodels.selectors;

import org.iomodels.poller.SelectPoller;
import org.iomodels.sys.Select;
import org.iomodels.sys.SyscallProbe;

/**
 * A selector on {@code select(2)}, as Python's {@code SelectSelector}. Each call copies two
 * 128-byte fd_sets to the kernel and back, and the result is found by scanning them: O(highest
 * descriptor) per call, and only descriptors below {@link Select#FD_SETSIZE} (1024) can be
 * watched at all (registering one above is refused). The mechanism is {@link SelectPoller},
 * the engines' own.
 */
public final class SelectSelector extends PollerSelector {
    public SelectSelector() {
        super(new SelectPoller(SyscallProbe.NONE));
    }
}
