package org.iomodels.process;

import java.io.IOException;

/**
 * The main class of a child JVM: it reads its {@link ChildProcess} from descriptor 3 (the control
 * channel), runs it, and exits 0, or 1 after printing what {@code run} threw and sending it to the
 * parent. A daemon child also watches the channel: at its end of file (the parent is gone, even
 * killed) it halts.
 */
public final class ChildMain {
    static final int CONTROL_FD = 3;
    private static volatile ChildProcess current;

    private ChildMain() {}

    /** The ChildProcess this JVM runs, or null in a JVM that is not a child. */
    public static ChildProcess current() {
        return current;
    }

    public static void main(String[] args) {
        Connection control = new Connection(CONTROL_FD, true, true);
        ChildProcess p;
        try {
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
                    control.poll(-1); // nothing else comes down the channel: readable means the parent has gone
                } catch (IOException e) {
                    // the channel failed: the parent is gone all the same
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
