package org.iomodels.engine.loop;

import org.iomodels.engine.base.AbstractServer;

/** Stopping a group of event loops whose loop 0 accepts for all of them. */
public final class LoopGroup {
    private LoopGroup() {}

    /**
     * Stops the acceptor (loop 0) first: once it has ended, no connection can be handed to a
     * loop that has already drained its last tasks. Then the others, together.
     */
    public static void stopAcceptorFirst(AbstractServer server, EventLoop[] loops) {
        stopAndJoin(server, loops[0]);
        for (int i = 1; i < loops.length; i++) {
            if (loops[i] != null) {
                loops[i].stop();
            }
        }
        for (int i = 1; i < loops.length; i++) {
            stopAndJoin(server, loops[i]);
        }
    }

    private static void stopAndJoin(AbstractServer server, EventLoop loop) {
        if (loop == null) {
            return;
        }
        loop.stop();
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (loop.isAlive()) {
            server.log("an event loop did not stop within 10 s");
        }
    }
}
