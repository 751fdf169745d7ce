package org.iomodels.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;


import org.junit.jupiter.api.Test;


/** ChildProcess across real child JVMs: exit codes, join, signals, exceptions, pipes, daemons; no child left running. */
class ChildProcessTest extends ChildTests {

    @Test
    void exitCodesAsPythonsNormalExceptionExitAndSignals() throws Exception {
        ChildProcess ok = started(new ChildProcess(() -> {}));
        ChildProcess fails = started(new ChildProcess(() -> {
            throw new IllegalStateException("thrown in the child");
        }));
        ChildProcess exits = started(new ChildProcess(() -> System.exit(3)));
        ChildProcess sleeper = started(new ChildProcess(() -> Thread.sleep(60_000)));
        ChildProcess sleeper2 = started(new ChildProcess(() -> Thread.sleep(60_000)));
        ok.join();
        assertEquals(0, ok.exitCode());
        assertNull(ok.exception());
        fails.join();
        assertEquals(1, fails.exitCode());
        ChildError e = fails.exception();
        assertEquals("java.lang.IllegalStateException", e.remoteClass());
        assertTrue(e.getMessage().contains("thrown in the child"), e.getMessage());
        assertTrue(java.util.Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getClassName().startsWith(ChildProcessTest.class.getName())),
                "the child's stack trace: " + java.util.Arrays.toString(e.getStackTrace()));
        exits.join();
        assertEquals(3, exits.exitCode());
        assertFalse(sleeper.join(0.3), "join with a timeout on a child that does not end returns false");
        assertTrue(sleeper.isAlive());
        assertTrue(sleeper.pid() > 0);
        sleeper.terminate();
        sleeper2.kill();
        sleeper.join();
        sleeper2.join();
        assertEquals(-15, sleeper.exitCode());
        assertEquals(-9, sleeper2.exitCode());
        assertFalse(sleeper.isAlive());
        assertThrows(IllegalStateException.class, ok::start, "a process starts once");
    }

    @Test
    void aPipeCarriesObjectsAndBytesBothWaysAndItsEndIsEofWhenThePeerDies() throws Exception {
        Pipe pipe = Pipe.open();
        ChildProcess p = started(new ChildProcess((Connection c) -> {
            c.send("balabala");
            Object answer = c.recv();
            c.sendBytes(("got " + answer).getBytes());
            c.send(List.of(1, "xixi", 2));
            Thread.sleep(60_000);
        }, pipe.two()));
        pipe.two().close(); // the child's end: the parent keeps only its own
        Connection c = pipe.one();
        assertEquals("balabala", c.recv());
        c.send("babababa");
        assertEquals("got babababa", new String(c.recvBytes()));
        assertEquals(List.of(1, "xixi", 2), c.recv());
        assertFalse(c.poll(0.1), "nothing more yet");
        p.kill();
        assertTrue(c.poll(10), "the peer's death makes the end readable: end of file");
        assertThrows(EOFException.class, c::recv);
        c.close();
    }

    /** Not on the allow-list: the receiving side refuses to build it. */
    record NotAllowed(int x) implements Serializable {}

    @Test
    void aClassOffTheListIsRejectedWithItsNameAndAFrameOverTheLimitIsRefused() throws Exception {
        Pipe pipe = Pipe.open();
        ChildProcess p = started(new ChildProcess((Connection c) -> {
            c.send(new NotAllowed(1));
            try {
                c.sendBytes(new byte[5000]);
            } catch (IOException closed) {
                // the parent refuses the frame on its header and closes: the rest may meet a closed end
            }
        }, pipe.two()));
        pipe.two().close();
        Connection c = pipe.one().withMaxFrame(4096);
        RejectedClassException e = assertThrows(RejectedClassException.class, c::recv);
        assertTrue(e.getMessage().contains(NotAllowed.class.getName()), e.getMessage());
        IOException big = assertThrows(IOException.class, c::recv);
        assertTrue(big.getMessage().contains("5000 bytes is over this connection's frame limit of 4096"), big.getMessage());
        assertTrue(c.isClosed());
        IllegalArgumentException send = assertThrows(IllegalArgumentException.class, () -> pipe.one().withMaxFrame(10).send(new byte[11]));
        assertTrue(send.getMessage().contains("11 bytes"), send.getMessage());
        p.join();
        assertEquals(0, p.exitCode());
    }

    @Test
    void aChildStartedLaterHoldsNoneOfTheParentsDescriptors() throws Exception {
        Pipe pipe = Pipe.open();
        ChildProcess reader = started(new ChildProcess((Connection c) -> {
            try {
                while (true) {
                    c.recv();
                }
            } catch (EOFException eof) {
                // the parent closed its end: done
            }
        }, pipe.two()));
        pipe.two().close();
        ChildProcess bystander = started(new ChildProcess(() -> Thread.sleep(60_000))); // would inherit the parent's ends without closefrom
        pipe.one().send("one message");
        pipe.one().close();
        assertTrue(reader.join(20), "the reader saw end of file though another child was started meanwhile");
        assertEquals(0, reader.exitCode());
        bystander.kill();
    }

    @Test
    void aOneWayPipeReceivesAtOneEndOnly() throws Exception {
        try (Pipe pipe = Pipe.open(false)) {
            pipe.two().send("one way");
            assertEquals("one way", pipe.one().recv());
            IOException e = assertThrows(IOException.class, () -> pipe.one().send("back"));
            assertTrue(e.getMessage().contains("one-way"), e.getMessage());
        }
    }

    @Test
    void aDaemonChildEndsWhenItsParentIsKilled() throws Exception {
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process parent = new ProcessBuilder(javaBin, "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                DaemonParent.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(parent.getInputStream())).readLine();
            assertTrue(line != null && line.startsWith("child "), "the parent printed: " + line);
            String[] words = line.split(" ");
            long child = Long.parseLong(words[1]);
            long spare = Long.parseLong(words[3]);
            assertTrue(ProcessHandle.of(child).isPresent() && spare > 0 && ProcessHandle.of(spare).isPresent(), "the daemon child and a spare run");
            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs
            parent.waitFor();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((alive(child) || alive(spare)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(alive(child), "the daemon child outlived its killed parent");
            assertFalse(alive(spare), "the forkserver's spare outlived its killed parent");
        } finally {
            parent.destroyForcibly();
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
