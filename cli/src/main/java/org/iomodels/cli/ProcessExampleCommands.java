package org.iomodels.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code iomodels example mp-queue | mp-pipe | mp-lock}: the seeds' multiprocessing programs, each child a new JVM. */
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
}
