package org.iomodels.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.iomodels.sys.Libc;
import org.iomodels.sys.UnixRights;

/**
 * The main class of a child JVM: it reads its {@link ChildProcess} from descriptor 3 (the control
 * channel, which goes back to the parent on 4; a {@link ForkServer} spare gets both ends later), runs it, and exits 0, or 1 after printing what {@code run} threw and sending it to the
 * parent. A daemon child also watches the channel: at its end of file (the parent is gone, even
 * killed) it halts.
 */
public final class ChildMain {
    /** The control channel: the task comes in on 3, the child's exception goes out on 4. */
    static final int CONTROL_IN = 3;
    static final int CONTROL_OUT = 4;
    private static volatile ChildProcess current;

    private ChildMain() {}

    /** The ChildProcess this JVM runs, or null in a JVM that is not a child. */
    public static ChildProcess current() {
        return current;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--train")) {
            train();
            return;
        }
        if (args.length == 1 && args[0].equals("--spare")) {
            int[] control = awaitTask();
            runTask(control[0], control[1]);
            return;
        }
        runTask(CONTROL_IN, CONTROL_OUT);
    }

    /**
     * A {@link ForkServer} spare: warms up a child's path (as the training does), then waits on its
     * socket (descriptor 3) for the parent's hand-off: the allowed classes and, by SCM_RIGHTS, the
     * control channel's two ends and the task's descriptors. End of file there (the parent is gone,
     * or has retired its spare) ends this JVM at once.
     */
    private static int[] awaitTask() throws Exception {
        try {
            train();
        } catch (Exception | LinkageError e) {
            // a warm-up that fails leaves a cold child, not a broken one
        }
        try {
            UnixRights.send(CONTROL_IN, new byte[] {1}, new int[0]); // warm now: the parent hands tasks to warm spares only
        } catch (IOException e) {
            Runtime.getRuntime().halt(0); // the parent is gone
        }
        UnixRights.Message m;
        try {
            m = UnixRights.receive(CONTROL_IN, ForkServer.MAX_HANDOFF);
        } catch (IOException e) {
            System.err.println("iomodels spare: cannot receive its task from the parent: " + e.getMessage());
            Runtime.getRuntime().halt(1);
            return null;
        }
        if (m.data().length == 0 && m.fds().length == 0) {
            Runtime.getRuntime().halt(0); // end of file: the parent is gone, or has retired this spare; no task will come
        }
        if (m.data().length == 0 || m.fds().length < 2) {
            System.err.println("iomodels spare: a hand-off of " + m.data().length + " bytes and " + m.fds().length
                    + " descriptors, not a task");
            Runtime.getRuntime().halt(1);
        }
        Libc.close(CONTROL_IN);
        String allowed = new String(m.data(), 1, m.data().length - 1, StandardCharsets.UTF_8);
        if (allowed.isEmpty()) {
            System.clearProperty("iomodels.process.allow");
        } else {
            System.setProperty("iomodels.process.allow", allowed);
        }
        Inherited.received(Arrays.copyOfRange(m.fds(), 2, m.fds().length));
        return new int[] {m.fds()[0], m.fds()[1]};
    }

    private static void runTask(int controlIn, int controlOut) {
        Connection control;
        ChildProcess p;
        try {
            control = new Connection(controlIn, controlOut);
            p = (ChildProcess) JavaCodec.decodeTrusted(control.recvBytes());
        } catch (IOException | RuntimeException e) {
            System.err.println("iomodels child: cannot read its task from the parent: " + e);
            System.exit(1);
            return;
        }
        current = p;
        if (p.daemon()) {
            Thread.ofPlatform().daemon().name("iomodels-parent-watch").start(() -> {
                try {
                    control.recvBytes(); // nothing else comes down the channel: end of file means the parent has gone
                } catch (IOException e) {
                    // end of file, or the channel failed: the parent is gone all the same
                }
                Runtime.getRuntime().halt(1);
            });
        }
        int code = 0;
        try {
            p.run();
        } catch (Throwable t) {
            System.err.println("Process " + p.name() + ":");
            t.printStackTrace();
            try {
                control.send(ChildError.of(t));
            } catch (IOException e) {
                // the parent is gone: nobody to tell
            }
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    /**
     * What {@link AotCache}'s training JVM runs: a child's path to its first message (a task
     * decoded, a lambda deserialized, a message sent on a pipe and read back, an exception
     * encoded), so that the cache holds what every child loads.
     */
    private static void train() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            ChildProcess sample = new ChildProcess((String s) -> s.length(), "a task's argument");
            byte[][] task = new byte[1][];
            Inherited.collect(() -> task[0] = JavaCodec.DEFAULT.encode(sample));
            ((ChildProcess) JavaCodec.decodeTrusted(task[0])).run();
            pipe.two().send(java.util.List.of(1, "xixi", 2));
            pipe.one().recv();
            JavaCodec.DEFAULT.decode(JavaCodec.DEFAULT.encode(ChildError.of(new IllegalStateException("training"))));
        }
    }
}
