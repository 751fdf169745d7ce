package org.iomodels.examples;

import java.io.PrintStream;
import org.iomodels.green.Greenlet;

/**
 * greenlet's own example, the switch made by hand: two greenlets pass values back and forth with
 * {@code switchTo}, and the value a finished greenlet returns goes to its parent. What to see:
 * each {@code switchTo} returns what the other side passes on its next switch, the lines of the
 * two interleave exactly where the switches are, and nothing runs without being switched to.
 */
public final class GreenletSwitch {
    private GreenletSwitch() {}

    public static void run(PrintStream out) {
        Greenlet main = Greenlet.current();
        Greenlet[] pong = new Greenlet[1];
        Greenlet ping = new Greenlet(arg -> {
            out.println("ping: started with '" + arg + "'");
            Object back = pong[0].switchTo("ball 1");
            out.println("ping: got '" + back + "' back");
            back = pong[0].switchTo("ball 2");
            out.println("ping: got '" + back + "', returning to my parent");
            return "ping's result";
        }, "ping", null);
        pong[0] = new Greenlet(arg -> {
            out.println("pong: started with '" + arg + "'");
            Object next = ping.switchTo("return 1");
            out.println("pong: got '" + next + "'");
            ping.switchTo("return 2");
            out.println("pong: never printed: nobody switches back to pong");
            return null;
        }, "pong", null);
        Object result = ping.switchTo("serve");
        out.println("main: ping finished and its parent (main) got '" + result + "'");
        out.println("main: ping dead? " + ping.isDead() + "; pong dead? " + pong[0].isDead()
                + " (pong is still suspended inside its switch)");
        Greenlet failing = new Greenlet(arg -> {
            throw new IllegalStateException("raised in a greenlet");
        }, "failing", main);
        try {
            failing.switchTo(null);
        } catch (IllegalStateException e) {
            out.println("main: the exception of a dying greenlet reaches its parent: " + e.getMessage());
        }
    }
}
