package org.iomodels.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.process.ChildProcess;
import org.iomodels.process.Connection;
import org.iomodels.process.Lock;
import org.iomodels.process.Pipe;
import org.iomodels.process.Queue;

/**
 * The seeds' multiprocessing programs, each child a new JVM: a queue (the child puts
 * {@code [1, "xixi", 2]}, the parent gets it), a pipe (the child sends {@code balabala}, the parent
 * answers {@code babababa}, the child prints it), and a lock (ten children, each printing its line
 * in three writes under the lock: the lines never interleave).
 */
public final class Multiprocessing {
    private Multiprocessing() {}

    public static void queue(PrintStream out) throws Exception {
        Queue q = new Queue();
        ChildProcess p = new ChildProcess((Queue to) -> to.put(new ArrayList<>(List.of(1, "xixi", 2))), q);
        p.start();
        out.println("the parent got " + q.get() + " from child " + p.pid());
        p.join();
        out.println(p);
    }

    public static void pipe(PrintStream out) throws Exception {
        Pipe pipe = Pipe.open();
        ChildProcess p = new ChildProcess((Connection c) -> {
            c.send("balabala");
            System.out.println("the child got " + c.recv());
        }, pipe.two());
        p.start();
        pipe.two().close(); // the parent keeps only its own end
        out.println("the parent got " + pipe.one().recv());
        pipe.one().send("babababa");
        p.join();
        out.println(p);
    }

    public static void lock(PrintStream out) throws Exception {
        Lock lock = new Lock();
        List<ChildProcess> children = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            ChildProcess p = new ChildProcess((Lock l) -> {
                l.acquire();
                try {
                    System.out.print("process " + n);
                    System.out.flush();
                    System.out.print(" holds the lock");
                    System.out.flush();
                    System.out.println(", and its line is whole");
                    System.out.flush();
                } finally {
                    l.release();
                }
            }, lock);
            p.start();
            children.add(p);
        }
        for (ChildProcess p : children) {
            p.join();
        }
        out.println("ten children, ten whole lines");
    }
}
