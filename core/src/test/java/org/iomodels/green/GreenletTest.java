package org.iomodels.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** greenlet's semantics: values both ways, the parent on death, exceptions, GreenletExit, throw, threads. */
class GreenletTest {
    @Test
    void valuesGoBothWaysAndTheResultGoesToTheParent() throws Exception {
        OnThread.run(() -> {
            List<Object> log = new ArrayList<>();
            Greenlet main = Greenlet.current();
            Greenlet g = new Greenlet(arg -> {
                log.add("started with " + arg);
                Object back = main.switchTo("from g");
                log.add("resumed with " + back);
                return "result";
            });
            assertFalse(g.isActive());
            assertSame(main, g.parent(), "the creator is the parent");
            assertEquals("from g", g.switchTo("hello"));
            assertTrue(g.isActive());
            assertEquals("result", g.switchTo("again"), "a finished greenlet's result goes to its parent");
            assertTrue(g.isDead());
            assertEquals(List.of("started with hello", "resumed with again"), log);
            assertSame(main, Greenlet.current());
            assertEquals("x", g.switchTo("x"), "a switch to a dead greenlet goes to its parent: here, at once");
        });
    }

    @Test
    void anExceptionGoesToTheParentAndGreenletExitIsItsValue() throws Exception {
        OnThread.run(() -> {
            Greenlet failing = new Greenlet(arg -> {
                throw new IllegalArgumentException("boom");
            });
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> failing.switchTo(null));
            assertEquals("boom", e.getMessage());
            assertTrue(failing.isDead());
            GreenletExit exit = new GreenletExit("bye");
            Greenlet exiting = new Greenlet(arg -> {
                throw exit;
            });
            assertSame(exit, exiting.switchTo(null), "GreenletExit is returned to the parent, not raised");
        });
    }

    @Test
    void throwIntoAnUnstartedGreenletKillsItWithoutRunning() throws Exception {
        OnThread.run(() -> {
            boolean[] ran = {false};
            Greenlet g = new Greenlet(arg -> {
                ran[0] = true;
                return null;
            });
            assertThrows(IllegalStateException.class, () -> g.throwInto(new IllegalStateException("never")));
            assertFalse(ran[0]);
            assertTrue(g.isDead());
            Greenlet quiet = new Greenlet(arg -> "unused");
            assertTrue(quiet.throwInto(null) instanceof GreenletExit, "throw() with nothing is a GreenletExit, returned");
        });
    }

    @Test
    void throwIntoASuspendedGreenletRaisesAtItsSwitch() throws Exception {
        OnThread.run(() -> {
            Greenlet main = Greenlet.current();
            Greenlet g = new Greenlet(arg -> {
                try {
                    main.switchTo("waiting");
                    return "not thrown";
                } catch (IllegalStateException e) {
                    return "caught " + e.getMessage();
                }
            });
            assertEquals("waiting", g.switchTo(null));
            assertEquals("caught stop", g.throwInto(new IllegalStateException("stop")));
        });
    }

    @Test
    void aDeadGreenletsSwitchGoesToItsNearestLiveAncestor() throws Exception {
        OnThread.run(() -> {
            Greenlet main = Greenlet.current();
            AtomicReference<Greenlet> child = new AtomicReference<>();
            Greenlet parent = new Greenlet(arg -> {
                child.set(new Greenlet(a -> "child done")); // its parent: this greenlet
                Object got = main.switchTo("parent waits");
                return "parent got " + got;
            });
            assertEquals("parent waits", parent.switchTo(null));
            Greenlet c = child.get();
            assertSame(parent, c.parent());
            assertEquals("parent got child done", c.switchTo(null), "the child's result resumed its parent");
            assertTrue(c.isDead() && parent.isDead());
        });
    }

    @Test
    void parentsMustNotFormACycle() throws Exception {
        OnThread.run(() -> {
            Greenlet a = new Greenlet(arg -> null);
            Greenlet b = new Greenlet(arg -> null, "b", a);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.setParent(b));
            assertTrue(e.getMessage().startsWith("cyclic parent chain"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.setParent(a));
            assertNull(Greenlet.current().parent(), "a thread's root has no parent");
            assertThrows(IllegalArgumentException.class, () -> Greenlet.current().setParent(a));
        });
    }

    @Test
    void aSwitchFromAnotherThreadIsRefusedNotAHang() throws Exception {
        AtomicReference<Greenlet> made = new AtomicReference<>();
        OnThread.run(() -> made.set(new Greenlet(arg -> "ran", "theirs", null)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> made.get().switchTo(null));
        assertTrue(e.getMessage().contains("of thread 'green-test' from thread"), e.getMessage());
        OnThread.run(() -> {
            IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                    () -> new Greenlet(arg -> null, "mine", made.get()));
            assertTrue(p.getMessage().contains("belongs to another thread"), p.getMessage());
        });
    }

    @Test
    void manyGreenletsKeepTheirOwnDeepStacks() throws Exception {
        OnThread.run(() -> {
            Greenlet main = Greenlet.current();
            List<Greenlet> all = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int id = i;
                all.add(new Greenlet(arg -> depth(200, () -> main.switchTo(id)) + id));
            }
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i, all.get(i).switchTo(null));
            }
            for (int i = 0; i < all.size(); i++) {
                assertEquals(200 + i, all.get(i).switchTo(null));
            }
        });
    }

    @Test
    void aGreenletMaySwitchAwayWhileHoldingAMonitor() throws Exception {
        OnThread.run(() -> {
            Greenlet main = Greenlet.current();
            Object lock = new Object();
            Greenlet g = new Greenlet(arg -> {
                synchronized (lock) {
                    main.switchTo("inside");
                    return "left the block";
                }
            });
            assertEquals("inside", g.switchTo(null), "JDK 24+ freezes frames that hold a monitor (JEP 491)");
            assertEquals("left the block", g.switchTo(null));
        });
    }

    private static int depth(int n, Runnable atBottom) {
        if (n == 0) {
            atBottom.run();
            return 0;
        }
        return 1 + depth(n - 1, atBottom);
    }
}
