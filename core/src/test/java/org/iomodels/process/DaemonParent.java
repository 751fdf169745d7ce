package org.iomodels.process;

/** A parent for {@link ChildProcessTest}: starts a daemon child that would sleep a minute, prints its pid, and waits to be killed. */
public final class DaemonParent {
    private DaemonParent() {}

    public static void main(String[] args) throws Exception {
        ChildProcess p = new ChildProcess(() -> Thread.sleep(60_000)).daemon(true);
        p.start();
        System.out.println("child " + p.pid());
        System.out.flush();
        Thread.sleep(60_000);
    }
}
