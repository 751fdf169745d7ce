package org.iomodels.engine.loop;

import org.iomodels.sys.SyscallProbe;

/** The thread that owns a {@link LoopConnOutput}: an {@link EventLoop}, or the {@code green} engine's hub. */
public interface OutputOwner {
    boolean inLoop();

    /** Runs {@code task} on the owner's thread, soon, in the order given. Any thread. */
    void execute(Runnable task);

    /** Runs {@code task} on the owner's thread {@code delayNanos} from now, from its own timer. Any thread. */
    void callLater(long delayNanos, Runnable task);

    /** Where the owner's syscalls report. Its thread. */
    SyscallProbe probe();
}
