package org.iomodels.process;

/**
 * A parent for {@link ChildProcessTest}: starts a daemon child that would sleep a minute (from a
 * warm spare), waits for the next spare, prints both pids, and waits to be killed.
 */
public final class DaemonParent {
    private DaemonParent() {}

    public static void main(String[] args) throws Exception {
        if (!ForkServer.awaitWarm(60)) {
            throw new IllegalStateException("no warm spare in 60 s");
        }
        int spare = ForkServer.sparePid();
        ChildProcess p = new ChildProcess(() -> Thread.sleep(60_000)).daemon(true);
        p.start();
        if (p.pid() != spare) {
            throw new IllegalStateException("the daemon child is not the spare that waited");
        }
        if (!ForkServer.awaitWarm(60)) {
            throw new IllegalStateException("no second warm spare in 60 s");
        }
        System.out.println("child " + p.pid() + " spare " + ForkServer.sparePid());
        System.out.flush();
        Thread.sleep(60_000);
    }
}
