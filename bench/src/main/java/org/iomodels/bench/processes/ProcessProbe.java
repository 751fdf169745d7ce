package org.iomodels.bench.processes;

import java.util.Arrays;
import org.iomodels.process.ChildProcess;
import org.iomodels.process.Connection;
import org.iomodels.process.Lock;
import org.iomodels.process.Pipe;
import org.iomodels.process.Queue;
import org.iomodels.process.Value;

/**
 * One figure of {@code bench --scenario processes} in a fresh JVM: {@code ProcessProbe FIGURE}
 * prints {@code FIGURE VALUE}. start [forkserver|spawn]: ms from start() to the child's first
 * message, median of 7 (before each, the AOT cache made and, with forkserver, a spare warm); pipe: µs per 16-byte round trip; queue: ints per second from a
 * child to the parent (timed from the child's first item); lock: acquire/release pairs per second,
 * the parent and a child at once for one second; value: increments per second under the value's
 * lock, the same. The figures past the start use the spawn start method, so that no spare JVM
 * warms up beside what they measure.
 */
public final class ProcessProbe {
    private static final double SECONDS = 1.0;

    private ProcessProbe() {}

    public static void main(String[] args) throws Exception {
        String figure = args[0];
        if (!figure.equals("start")) {
            ChildProcess.setStartMethod("spawn"); // no spare JVM warming up beside the primitive measured
        }
        double v = switch (figure) {
            case "start" -> start(args.length > 1 ? args[1] : "forkserver");
            case "pipe" -> pipe();
            case "queue" -> queue();
            case "lock" -> lock();
            case "value" -> value();
            default -> throw new IllegalArgumentException("unknown figure " + figure);
        };
        System.out.println(figure + " " + v);
        System.exit(0);
    }

    private static double start(String method) throws Exception {
        ChildProcess.setStartMethod(method);
        double[] ms = new double[7];
        for (int i = 0; i < ms.length; i++) {
            ChildProcess.prepareStartup(120); // the AOT cache made, and with forkserver a spare warm: as Python's server is ready
            Pipe pipe = Pipe.open();
            long t0 = System.nanoTime();
            ChildProcess p = new ChildProcess((Connection c) -> c.send("hi"), pipe.two());
            p.start();
            pipe.two().close();
            pipe.one().recv();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            p.join();
            pipe.one().close();
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    private static double pipe() throws Exception {
        Pipe pipe = Pipe.open();
        ChildProcess echo = new ChildProcess((Connection c) -> {
            while (true) {
                c.sendBytes(c.recvBytes());
            }
        }, pipe.two()).daemon(true);
        echo.start();
        pipe.two().close();
        Connection c = pipe.one();
        byte[] m = new byte[16];
        for (int i = 0; i < 20_000; i++) {
            c.sendBytes(m);
            c.recvBytes();
        }
        int n = 50_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            c.sendBytes(m);
            c.recvBytes();
        }
        double us = (System.nanoTime() - t0) / 1e3 / n;
        echo.kill();
        return us;
    }

    private static double queue() throws Exception {
        Queue q = new Queue();
        int n = 500_000;
        ChildProcess producer = new ChildProcess((Queue out, Integer k) -> {
            for (int i = 0; i <= k; i++) {
                out.put(i);
            }
        }, q, n).daemon(true);
        producer.start();
        q.get(); // the first item: the child is up
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            q.get();
        }
        double rate = n / ((System.nanoTime() - t0) / 1e9);
        producer.join();
        return rate;
    }

    private static double lock() throws Exception {
        Lock lock = new Lock();
        return together(lock, null);
    }

    private static double value() throws Exception {
        Value v = Value.ofLong(0);
        return together(v.getLock(), v);
    }

    /**
     * The parent and a child each take and let go the lock for {@link #SECONDS} at once (an
     * increment inside when {@code v} is given); pairs per second in all, both counted.
     */
    private static double together(Lock lock, Value v) throws Exception {
        Queue ready = new Queue();
        Queue go = new Queue(); // two queues: on one, the child could take its own "ready" back
        ChildProcess child = new ChildProcess((Lock l, Value val, Queue[] rg) -> {
            rg[0].put("ready");
            long until = (Long) rg[1].get();
            rg[0].put(work(l, val, until));
        }, lock, v, new Queue[] {ready, go}).daemon(true);
        child.start();
        ready.get(true, 60);
        long until = System.currentTimeMillis() + 200 + (long) (SECONDS * 1000); // both start in 0.2 s, and stop together
        go.put(until);
        while (System.currentTimeMillis() < until - (long) (SECONDS * 1000)) {
            Thread.onSpinWait();
        }
        long mine = work(lock, v, until);
        long theirs = (Long) ready.get(true, 60);
        child.join();
        if (v != null && v.getLong() != mine + theirs) {
            throw new IllegalStateException("lost increments: " + v.getLong() + " of " + (mine + theirs));
        }
        return (mine + theirs) / SECONDS;
    }

    /** Pairs made until {@code untilMillis} (a wall-clock time both processes share), from when it is SECONDS before it. */
    private static long work(Lock l, Value v, long untilMillis) throws Exception {
        long from = untilMillis - (long) (SECONDS * 1000);
        while (System.currentTimeMillis() < from) {
            Thread.onSpinWait();
        }
        long n = 0;
        while ((n & 1023) != 0 || System.currentTimeMillis() < untilMillis) {
            l.acquire();
            if (v != null) {
                v.setLong(v.getLong() + 1);
            }
            l.release();
            n++;
        }
        return n;
    }
}
