package org.iomodels.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The forkserver start method: a warm spare JVM runs the next child, with everything a spawned child gets. */
class ForkServerTest extends ChildTests {
    @AfterEach
    void defaultMethod() {
        ChildProcess.setStartMethod("forkserver");
    }

    @Test
    void aWarmSpareRunsTheChildWithItsPipeQueueAndSharedValue() throws Exception {
        ChildProcess.setStartMethod("forkserver");
        assertTrue(ForkServer.awaitWarm(60), "a warm spare within 60 s");
        int spare = ForkServer.sparePid();
        assertTrue(spare > 0);
        Pipe pipe = Pipe.open();
        Queue queue = new Queue();
        Value value = Value.ofInt(40);
        ChildProcess p = started(new ChildProcess((Connection c, Queue q, Value v) -> {
            c.send(ProcessHandle.current().pid());
            v.addInt(2);
            q.put(List.of(1, "xixi", 2));
            c.send(c.recv() + " back");
            throw new IllegalStateException("from the spare");
        }, pipe.two(), queue, value));
        pipe.two().close(); // the child's end is the child's: its death is end of file here, never a hang
        assertEquals(spare, p.pid(), "the child is the spare that waited");
        assertEquals((long) spare, pipe.one().recv());
        assertEquals(List.of(1, "xixi", 2), queue.get(true, 20));
        pipe.one().send("there and");
        assertEquals("there and back", pipe.one().recv());
        assertTrue(p.join(20));
        assertEquals(1, p.exitCode());
        assertEquals(42, value.getInt());
        assertTrue(p.exception().toString().contains("from the spare"), String.valueOf(p.exception()));
        assertNotEquals(spare, ForkServer.sparePid(), "the spare taken is not waiting any more");
    }

    @Test
    void aSpareThatDiedIsReplacedAndTheChildIsSpawnedMeanwhile() throws Exception {
        assertTrue(ForkServer.awaitWarm(60));
        int dead = ForkServer.sparePid();
        int pidfd = ForkServer.sparePidfd();
        ProcessHandle.of(dead).orElseThrow().destroyForcibly();
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) { // its pidfd is readable once all its threads have ended
            java.lang.foreign.MemorySegment fds = arena.allocate(org.iomodels.sys.Poll.POLLFD);
            org.iomodels.sys.Poll.set(fds, 0, pidfd, org.iomodels.sys.Poll.POLLIN);
            assertEquals(1, org.iomodels.sys.Poll.poll(fds, 1, 10_000, org.iomodels.sys.SyscallProbe.NONE), "the spare ends");
        }
        Pipe pipe = Pipe.open();
        ChildProcess p = started(new ChildProcess((Connection c) -> c.send("spawned"), pipe.two()));
        pipe.two().close();
        assertEquals("spawned", pipe.one().recv());
        assertNotEquals(dead, p.pid());
        assertTrue(p.join(20));
        assertEquals(0, p.exitCode());
        assertTrue(ForkServer.awaitWarm(60), "another spare within 60 s");
        assertNotEquals(dead, ForkServer.sparePid());
    }

    @Test
    void theClassesAllowedAtTheStartReachASpareStartedBefore() throws Exception {
        assertTrue(ForkServer.awaitWarm(60));
        int spare = ForkServer.sparePid();
        JavaCodec.allow("org.example.AllowedAfterTheSpare"); // harmless to the other tests: no such class
        Pipe pipe = Pipe.open();
        ChildProcess p = started(new ChildProcess((Connection c) -> c.send(System.getProperty("iomodels.process.allow")), pipe.two()));
        pipe.two().close();
        assertEquals(spare, p.pid(), "the spare, whose command line was made before the allow, runs the child");
        assertTrue(String.valueOf(pipe.one().recv()).contains("org.example.AllowedAfterTheSpare"));
        assertTrue(p.join(20));
    }

    @Test
    void startMethodsAsPythonsAndSpawnEndsTheSpare() throws Exception {
        assertEquals(List.of("forkserver", "spawn"), ChildProcess.getAllStartMethods());
        IllegalArgumentException fork = assertThrows(IllegalArgumentException.class, () -> ChildProcess.setStartMethod("fork"));
        assertTrue(fork.getMessage().contains("cannot fork"), fork.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChildProcess.setStartMethod("Spawn"));
        assertTrue(ForkServer.awaitWarm(60));
        int spare = ForkServer.sparePid();
        ChildProcess.setStartMethod("spawn");
        assertEquals("spawn", ChildProcess.getStartMethod());
        assertEquals(0, ForkServer.sparePid());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (running(spare) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(running(spare), "the spare ends with the switch to spawn");
        Pipe pipe = Pipe.open();
        ChildProcess p = started(new ChildProcess((Connection c) -> c.send("spawned"), pipe.two()));
        pipe.two().close();
        assertEquals("spawned", pipe.one().recv());
        assertTrue(p.join(20));
        assertEquals(0, ForkServer.sparePid(), "no spare under spawn");
    }

    /** Whether the process runs (is neither gone nor a zombie). */
    private static boolean running(long pid) throws java.io.IOException {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }
}
