package org.iomodels.selectors;

import org.iomodels.poller.PollPoller;
import org.iomodels.sys.SyscallProbe;

/**
 * A selector on {@code poll(2)}, as Python's {@code PollSelector}. The pollfd array lives in
 * native memory and is kept up to date on register/modify/unregister, so a call passes it as is;
 * the kernel still walks all of it, O(registered) per call, but any descriptor number works.
 * The mechanism is {@link PollPoller}, the engines' own.
 */
public final class PollSelector extends PollerSelector {
    public PollSelector() {
        super(new PollPoller(SyscallProbe.NONE));
    }
}
