package org.iomodels.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code iomodels example mp-queue | mp-pipe | mp-lock | mp-manager | mp-pool | mp-map | mp-pool-crash | prefork}: the seeds' multiprocessing programs, each child a JVM of its own. */
final class ProcessExampleCommands {
    private ProcessExampleCommands() {}

    @Command(name = "mp-queue", mixinStandardHelpOptions = true,
            description = "multiprocessing's Queue: a child JVM puts [1, xixi, 2] on a queue of shared memory, the parent gets it.")
    static final class MpQueueCommand implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            org.iomodels.examples.Multiprocessing.queue(System.out);
            return 0;
        }
    }

    @Command(name = "mp-pipe", mixinStandardHelpOptions = true,
            description = "multiprocessing's Pipe: the child sends balabala, the parent answers babababa, the child prints it.")
    static final class MpPipeCommand implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            org.iomodels.examples.Multiprocessing.pipe(System.out);
            return 0;
        }
    }

    @Command(name = "mp-lock", mixinStandardHelpOptions = true,
            description = "multiprocessing's Lock: ten child JVMs print one line each in three writes under the lock, never interleaved.")
    static final class MpLockCommand implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            org.iomodels.examples.Multiprocessing.lock(System.out);
            return 0;
        }
    }

    @Command(name = "mp-manager", mixinStandardHelpOptions = true,
            description = "multiprocessing's Manager: ten child JVMs write d[pid] = ppid and append to a list that starts as [0, 1, 2].")
    static final class MpManagerCommand implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            org.iomodels.examples.Managers.manager(System.out);
            return 0;
        }
    }

    @Command(name = "mp-pool", mixinStandardHelpOptions = true,
            description = "multiprocessing's Pool: Pool(3), ten applyAsync tasks that sleep 1 s and return i + 100, a callback printing each.")
    static final class MpPoolCommand implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            org.iomodels.examples.Pools.pool(System.out);
            return 0;
        }
    }

    @Command(name = "mp-map", mixinStandardHelpOptions = true,
            description = "A long Pool map with a progress bar: N CPU-bound tasks (primes in 100,000 numbers each) on one worker per core, imapUnordered.")
    static final class MpMapCommand implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @picocli.CommandLine.Option(names = "--tasks", defaultValue = "200", description = "Tasks in the map (default: ${DEFAULT-VALUE}).")
        int tasks;

        @Override
        public Integer call() throws Exception {
            new Checks(spec).range("--tasks", tasks, 1, 100_000);
            java.io.PrintWriter err = new java.io.PrintWriter(System.err, true);
            ProgressBar bar = new ProgressBar(err, "map");
            org.iomodels.examples.Pools.primes(System.out, tasks, done -> bar.update(done, tasks, null));
            bar.finish(tasks, tasks, "done");
            return 0;
        }
    }

    @Command(name = "prefork", mixinStandardHelpOptions = true,
            description = "A handler of your own on 2 processes (PreforkServer, SO_REUSEPORT): each says its pid, 40 connections spread.")
    static final class PreforkCommand implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            org.iomodels.examples.Prefork.prefork(System.out);
            return 0;
        }
    }

    @Command(name = "mp-pool-crash", mixinStandardHelpOptions = true,
            description = "A Pool task kills its own worker: that task fails naming the worker, the pool replaces it and finishes the rest.")
    static final class MpPoolCrashCommand implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            org.iomodels.examples.Pools.poolCrash(System.out);
            return 0;
        }
    }
}
