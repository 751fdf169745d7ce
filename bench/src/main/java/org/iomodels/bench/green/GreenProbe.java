package org.iomodels.bench.green;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iomodels.green.Green;
import org.iomodels.green.GreenThread;
import org.iomodels.green.Greenlet;
import org.iomodels.green.Hub;
import org.iomodels.green.Queue;

/**
 * One figure of the green scenario, measured in this (fresh) JVM and printed as one line
 * {@code FIGURE VALUE}: the same programs as {@code green_probe.py} runs with greenlet and gevent.
 * Each figure runs once at a tenth of its size to warm up, then measured.
 *
 * <pre>java ... GreenProbe switches|spawn|sleep0|queue|memory|sleepers</pre>
 */
public final class GreenProbe {
    static final int SWITCHES = 2_000_000;
    static final int GREENLETS = 100_000;
    static final int YIELDS = 200_000;
    static final int ROUND_TRIPS = 100_000;

    private GreenProbe() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: GreenProbe switches|spawn|sleep0|queue|memory|sleepers");
        }
        double value = switch (args[0]) {
            case "switches" -> twice(n -> switches(n), SWITCHES);
            case "spawn" -> twice(n -> spawnJoin(n), GREENLETS);
            case "sleep0" -> twice(n -> sleepZero(n), YIELDS);
            case "queue" -> twice(n -> queueRoundTrips(n), ROUND_TRIPS);
            case "memory" -> bytesPerSleeper(GREENLETS);
            case "sleepers" -> sleepersWall(GREENLETS, 0.5);
            default -> throw new IllegalArgumentException("unknown figure '" + args[0] + "'");
        };
        System.out.println(args[0] + " " + value);
    }

    private interface Figure {
        double measure(int n) throws Exception;
    }

    private static double twice(Figure f, int n) throws Exception {
        f.measure(Math.max(1, n / 10));
        return f.measure(n);
    }

    /** greenlet ping-pong: switches per second. */
    static double switches(int n) {
        Greenlet main = Greenlet.current();
        Greenlet partner = new Greenlet(arg -> {
            for (;;) {
                main.switchTo(null);
            }
        });
        long t0 = System.nanoTime();
        for (int i = 0; i < n / 2; i++) {
            partner.switchTo(null);
        }
        return n / seconds(t0);
    }

    /** spawn {@code n} greenlets that return at once, and join them all: greenlets per second. */
    static double spawnJoin(int n) {
        long t0 = System.nanoTime();
        List<GreenThread<Integer>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = i;
            all.add(Green.spawn(() -> id));
        }
        Green.joinAll(all);
        return n / seconds(t0);
    }

    /** Two greenlets each yielding with sleep(0) {@code n} times: switches per second. */
    static double sleepZero(int n) {
        long t0 = System.nanoTime();
        List<GreenThread<Void>> two = new ArrayList<>();
        for (int g = 0; g < 2; g++) {
            two.add(Green.spawn(() -> {
                for (int i = 0; i < n; i++) {
                    Green.sleep(0);
                }
            }));
        }
        Green.joinAll(two);
        return 2.0 * n / seconds(t0);
    }

    /** A ping greenlet and a pong greenlet over two queues: round trips per second. */
    static double queueRoundTrips(int n) {
        Queue<Integer> ping = new Queue<>();
        Queue<Integer> pong = new Queue<>();
        long t0 = System.nanoTime();
        GreenThread<Void> echo = Green.spawn(() -> {
            for (int i = 0; i < n; i++) {
                pong.put(ping.get());
            }
        });
        for (int i = 0; i < n; i++) {
            ping.put(i);
            pong.get();
        }
        echo.join();
        return n / seconds(t0);
    }

    /** Resident bytes per greenlet, {@code n} of them sleeping: the RSS growth divided by n. */
    static double bytesPerSleeper(int n) throws IOException {
        long before = rss();
        List<GreenThread<Void>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(Green.spawn(() -> Green.sleep(30)));
        }
        Green.sleep(0.2); // every one has started and sleeps
        long after = rss();
        Green.killAll(all);
        return (double) (after - before) / n;
    }

    /** The wall time of {@code n} greenlets each sleeping {@code sleep} seconds, spawn to the last join. */
    static double sleepersWall(int n, double sleep) {
        long t0 = System.nanoTime();
        List<GreenThread<Void>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(Green.spawn(() -> Green.sleep(sleep)));
        }
        Green.joinAll(all);
        return seconds(t0);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

    static {
        Hub.get(); // the hub of the main thread, made before any measurement
    }
}
