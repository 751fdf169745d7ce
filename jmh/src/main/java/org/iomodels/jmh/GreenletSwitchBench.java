package org.iomodels.jmh;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.iomodels.green.Greenlet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one greenlet switch by the two mechanisms the design could use, on one thread as
 * greenlets are: {@code continuation} is {@link Greenlet} (jdk.internal.vm.Continuation: freeze
 * the caller's frames, thaw the target's); {@code virtualThreadBaton} is two virtual threads
 * handing one baton (unpark the other, park oneself) on a scheduler of one carrier. Each
 * invocation makes {@link #SWITCHES} switches; the score is per switch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
        "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"})
public class GreenletSwitchBench {
    static final int SWITCHES = 20_000;

    private Greenlet partner;

    @Setup
    public void setUp() {
        Greenlet main = Greenlet.current();
        partner = new Greenlet(arg -> {
            for (;;) {
                main.switchTo(null);
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public void continuation() {
        Greenlet p = partner;
        for (int i = 0; i < SWITCHES / 2; i++) {
            p.switchTo(null); // there and back: two switches
        }
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public void virtualThreadBaton() throws InterruptedException {
        Baton baton = new Baton();
        Thread a = Thread.ofVirtual().unstarted(() -> baton.play(0));
        Thread b = Thread.ofVirtual().unstarted(() -> baton.play(1));
        baton.players[0] = a;
        baton.players[1] = b;
        a.start();
        b.start();
        a.join();
        b.join();
    }

    /** Two players, one turn: each passes it to the other SWITCHES / 2 times. */
    static final class Baton {
        final Thread[] players = new Thread[2];
        volatile int turn;

        void play(int me) {
            for (int i = 0; i < SWITCHES / 2; i++) {
                while (turn != me) {
                    LockSupport.park(this);
                }
                turn = 1 - me;
                LockSupport.unpark(players[1 - me]);
            }
        }
    }
}
