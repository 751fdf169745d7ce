package org.iomodels.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.process.ChildProcess;
import org.iomodels.process.manager.DictProxy;
import org.iomodels.process.manager.ListProxy;
import org.iomodels.process.manager.Manager;

/**
 * The seed's Manager program: a dict and a list (starting as {@code [0, 1, 2]}) held by a manager
 * process; ten child processes each write {@code d[pid] = ppid} and append their pid; the parent
 * then holds 10 entries and 13 items, every value its own pid.
 */
public final class Managers {
    private Managers() {}

    public static void manager(PrintStream out) throws Exception {
        try (Manager manager = new Manager()) {
            DictProxy<Long, Long> d = manager.dict();
            ListProxy<Object> l = manager.list(List.of(0, 1, 2));
            List<ChildProcess> children = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ChildProcess p = new ChildProcess((DictProxy<Long, Long> dd, ListProxy<Object> ll) -> {
                    ProcessHandle me = ProcessHandle.current();
                    dd.put(me.pid(), me.parent().orElseThrow().pid());
                    ll.add(me.pid());
                }, d, l);
                p.start();
                children.add(p);
            }
            for (ChildProcess p : children) {
                p.join();
                if (p.exitCode() != 0) {
                    throw new IllegalStateException(p + " failed", p.exception());
                }
            }
            out.println("manager pid " + manager.pid() + ", parent pid " + ProcessHandle.current().pid());
            out.println("dict: " + d);
            out.println("list: " + l);
            out.println(d.size() + " entries, " + l.size() + " items");
        }
    }
}
