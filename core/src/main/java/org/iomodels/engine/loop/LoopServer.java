package org.iomodels.engine.loop;

import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.iomodels.engine.base.AbstractServer;
import org.iomodels.server.Handler;
import org.iomodels.server.IoModel;
import org.iomodels.server.ServerConfig;

/**
 * What the event-loop servers share ({@code RawLoopServer}, {@code NioServer},
 * {@code IoUringServer}): {@code config.loops()} loops, of which loop 0 also accepts and hands
 * connections round-robin to every loop; accepting paused, with one log line, while the process
 * is out of descriptors; and a close that stops the acceptor first.
 */
public abstract class LoopServer<L extends EventLoop> extends AbstractServer {
    /** How long accepting pauses when the process is out of descriptors (EMFILE/ENFILE). */
    public static final long ACCEPT_PAUSE_NANOS = 100_000_000;

    protected final L[] loops;
    private int next;
    private long pausedSince;
    private final Object closeLock = new Object();
    private boolean closed;

    public LoopServer(IoModel model, ServerConfig config, Handler handler, IntFunction<L[]> array) {
        super(model, config, handler);
        this.loops = array.apply(config.loops());
    }

    /** Opens the listener and every loop, loop 0 accepting, and sets {@link #address}. */
    protected abstract void openListenerAndLoops() throws IOException;

    /** Closes the listener, if it was opened. */
    protected abstract void closeListener();

    @Override
    protected final void doStart() throws IOException {
        try {
            openListenerAndLoops();
        } catch (IOException | RuntimeException e) {
            for (L loop : loops) {
                if (loop != null) {
                    loop.closeMechanism();
                }
            }
            closeListener();
            throw e;
        }
        for (int i = 0; i < loops.length; i++) {
            loops[i].start("iomodels-" + model + "-loop-" + i);
        }
    }

    /** An accept failed for lack of resources: one log line per pause, then the acceptor waits a while. */
    public final void pauseAccepting(EventLoop acceptor, String why) {
        if (pausedSince == 0) {
            pausedSince = System.nanoTime();
            log(why + ": pausing accepts until descriptors free up (retrying every "
                    + ACCEPT_PAUSE_NANOS / 1_000_000 + " ms; clients that wait meanwhile are closed at once)");
        }
        acceptor.pauseAccepting(ACCEPT_PAUSE_NANOS);
    }

    /** An accept succeeded: a pause, if there was one, is over. */
    public final void acceptedOne() {
        if (pausedSince != 0) {
            log("accepting again after " + (System.nanoTime() - pausedSince) / 1_000_000 + " ms");
            pausedSince = 0;
        }
    }

    /** Gives a new connection to the next loop, round-robin: {@code adopt} runs on that loop's thread. */
    public final void handOver(Consumer<L> adopt) {
        L target = loops[next];
        next = (next + 1) % loops.length;
        if (target.inLoop()) {
            adopt.accept(target);
        } else {
            target.execute(() -> adopt.accept(target));
        }
    }

    @Override
    public final void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LoopGroup.stopAcceptorFirst(this, loops);
        closeListener();
        closeReserve();
    }
}
