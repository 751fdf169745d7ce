package org.iomodels.process;

import java.io.IOException;

/**
 * The main class of a child JVM: it reads its {@link ChildProcess} from descriptor 3 (the control
 * channel, which goes back to the parent on 4), runs it, and exits 0, or 1 after printing what {@code run} threw and sending it to the
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

    public static void main(String[] args) {
        Connection control;
        ChildProcess p;
        try {
            control = new Connection(CONTROL_IN, CONTROL_OUT);
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
}
