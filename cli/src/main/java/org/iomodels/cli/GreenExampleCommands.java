package org.iomodels.cli;

import java.util.concurrent.Callable;
import java.io.IOException;
import org.iomodels.examples.EchoExample;
import org.iomodels.examples.GeventBlocking;
import org.iomodels.examples.GeventEcho;
import org.iomodels.examples.GeventSleep;
import org.iomodels.examples.GreenletSwitch;
import org.iomodels.examples.MessageLoop;
import picocli.CommandLine.Command;

/** {@code iomodels example gevent-sleep | greenlet-switch | message-loop}: the seeds' coroutine programs. */
final class GreenExampleCommands {
    private GreenExampleCommands() {}

    @Command(name = "gevent-sleep", mixinStandardHelpOptions = true,
            description = "The seeds' gevent program: three greenlets that sleep 2 s, 3 s and 0 s run in about 3 s, interleaved.")
    static final class GeventSleepCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            GeventSleep.run(System.out, 1);
            return 0;
        }
    }

    @Command(name = "gevent-echo", mixinStandardHelpOptions = true,
            description = "Echo server written blocking-style on cooperative sockets: one greenlet per client, one thread.")
    static final class GeventEchoCommand extends SeedEchoCommands.Base {
        @Override
        EchoExample open(String host, int port) throws IOException {
            return new GeventEcho(host, port);
        }
    }

    @Command(name = "gevent-blocking", mixinStandardHelpOptions = true,
            description = "A plain blocking call in a greenlet stops the hub (the monitor's line says so); through the thread pool it does not.")
    static final class GeventBlockingCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            GeventBlocking.run(System.out);
            return 0;
        }
    }

    @Command(name = "greenlet-switch", mixinStandardHelpOptions = true,
            description = "greenlet's explicit switch: values passed both ways, a result to the parent, an exception to the parent.")
    static final class GreenletSwitchCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            GreenletSwitch.run(System.out);
            return 0;
        }
    }

    @Command(name = "message-loop", mixinStandardHelpOptions = true,
            description = "The hub's event loop alone: callSoon, callLater, a reader on a pipe and stop, printed as they run.")
    static final class MessageLoopCommand implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            MessageLoop.run(System.out);
            return 0;
        }
    }
}
