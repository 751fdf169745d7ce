package org.iomodels.green;

import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * gevent's {@code max_blocking_time}: a daemon thread that notices a hub blocked by a greenlet
 * that does not switch (plain blocking JDK I/O, a long computation) while other greenlets wait,
 * and prints one line naming the greenlet and where it is, so a user sees why the program became
 * serial. One line per blocking episode; the threshold is {@link Hub#setMaxBlockingTime} (100 ms).
 */
final class BlockingMonitor {
    private static final CopyOnWriteArrayList<Watch> HUBS = new CopyOnWriteArrayList<>();
    private static volatile double maxBlocking = 0.1;
    private static Thread thread;

    /** One hub as last seen: its switch count, since when it has not moved, whether this episode was reported. */
    private static final class Watch {
        final WeakReference<Hub> hub;
        long switches = -1;
        long since;
        boolean reported;

        Watch(Hub hub) {
            this.hub = new WeakReference<>(hub);
        }
    }

    private BlockingMonitor() {}

    static synchronized void watch(Hub hub) {
        HUBS.add(new Watch(hub));
        if (thread == null) {
            // Not named iomodels-*, the prefix of a server's own threads: one per process, shared by
            // every hub (a server's and a program's alike), it ends with the last hub, whoever owned it.
            thread = Thread.ofPlatform().daemon().name("green-hub-monitor").start(BlockingMonitor::run);
        }
    }

    static void setMaxBlocking(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("max blocking time needs seconds > 0, not " + seconds);
        }
        maxBlocking = seconds;
    }

    static double maxBlocking() {
        return maxBlocking;
    }

    private static void run() {
        boolean allIdle = false;
        for (;;) {
            // A quarter of the threshold while a hub runs; the whole threshold while every hub
            // waits in epoll (a server with nothing to do): a block is then seen at most one
            // threshold later, and an idle process wakes 10 times a second, not 40.
            long periodMillis = Math.max(5, (long) (maxBlocking * (allIdle ? 1000 : 250)));
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (BlockingMonitor.class) { // no hub left: the thread ends (a server's close leaves no thread behind)
                HUBS.removeIf(w -> {
                    Hub hub = w.hub.get();
                    return hub == null || !hub.thread.isAlive() || hub.closed;
                });
                if (HUBS.isEmpty()) {
                    thread = null;
                    return;
                }
            }
            long now = System.nanoTime();
            allIdle = true;
            for (Iterator<Watch> it = HUBS.iterator(); it.hasNext(); ) {
                Watch w = it.next();
                Hub hub = w.hub.get();
                if (hub == null || !hub.thread.isAlive() || hub.closed) {
                    HUBS.remove(w);
                    continue;
                }
                check(w, hub, now);
                allIdle &= hub.loop().polling();
            }
        }
    }

    private static void check(Watch w, Hub hub, long now) {
        long switches = hub.greenlet().switchesOnItsThread() + hub.turns(); // a turn of callbacks is progress too
        if (switches != w.switches || hub.loop().polling() || !hub.hasWaiters()) {
            w.switches = switches;
            w.since = now;
            w.reported = false;
            return;
        }
        double blocked = (now - w.since) / 1e9;
        if (!w.reported && blocked >= maxBlocking) {
            w.reported = true;
            Greenlet g = hub.greenlet().runningOnItsThread();
            System.err.printf("iomodels hub [%s]: blocked for %.0f ms by greenlet %s, which has not switched (a blocking call?"
                            + " use a GreenSocket, Hub.runInThreadPool, or virtual threads)%s%n",
                    hub.thread.getName(), blocked * 1000, g.name(), where(hub.thread));
        }
    }

    /** " at FRAME" of the blocked thread, and the first frame outside the JDK (the code that made the call) if it is another. */
    private static String where(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        if (stack.length == 0) {
            return "";
        }
        String top = stack[0].toString();
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")) {
                return " at " + top + (e == stack[0] ? "" : ", called from " + e);
            }
        }
        return " at " + top;
    }
}
