package org.iomodels.process.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.iomodels.process.ChildProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagerRemoteTest extends ManagerTests {
    private static final byte[] KEY = "abracadabra".getBytes(StandardCharsets.UTF_8);

    @Test
    void aRemoteManagerServesItsNamedObjectsToWhoeverHoldsTheKey() throws Exception {
        Manager server = track(Manager.serve("127.0.0.1", 0, KEY));
        assertTrue(server.address().startsWith("tcp:127.0.0.1:"), server.address());
        int port = Integer.parseInt(server.address().substring(server.address().lastIndexOf(':') + 1));
        server.named("jobs").queue().put("first");
        ChildProcess other = started(new ChildProcess((Integer p) -> {
            try (Manager m = Manager.connect("127.0.0.1", p, "abracadabra".getBytes(StandardCharsets.UTF_8))) {
                QueueProxy jobs = m.named("jobs").queue();
                m.named("results").dict().put("got", jobs.get(true, 10));
            }
        }, port));
        joined(other);
        assertEquals("first", server.named("results").dict().get("got"), "a client in another process used the same named objects");
        assertThrows(IllegalArgumentException.class, () -> server.named("jobs").dict(), "a name holds one type");
    }

    @Test
    void aWrongKeyIsRefusedAndTheManagerGoesOn() throws Exception {
        Manager server = track(Manager.serve("127.0.0.1", 0, KEY));
        int port = Integer.parseInt(server.address().substring(server.address().lastIndexOf(':') + 1));
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> Manager.connect("127.0.0.1", port, "wrong".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("refused the authkey"), e.getMessage());
        try (Manager right = Manager.connect(new java.net.InetSocketAddress("127.0.0.1", port), KEY)) {
            right.named("d").dict().put("k", 1);
        }
        assertEquals(1, server.named("d").dict().get("k"));
    }

    @Test
    void aConnectionThatNeverAuthenticatesIsClosedAndOthersAreServed() throws Exception {
        Manager server = track(Manager.serve("127.0.0.1", 0, KEY));
        int port = Integer.parseInt(server.address().substring(server.address().lastIndexOf(':') + 1));
        try (java.net.Socket silent = new java.net.Socket("127.0.0.1", port)) {
            silent.setSoTimeout(20_000);
            java.io.InputStream in = silent.getInputStream();
            in.readNBytes(4 + 18 + 32); // the server's greeting frame
            long t0 = System.nanoTime();
            assertEquals(-1, in.read(), "closed by the manager, nothing read from us");
            double waited = (System.nanoTime() - t0) / 1e9;
            long allowed = Long.getLong("iomodels.manager.handshakeSeconds", 5); // set for the tests by core's pom
            assertTrue(waited > allowed * 0.6 && waited < allowed + 10, "closed after the handshake's " + allowed + " s, not " + waited);
            try (Manager right = Manager.connect("127.0.0.1", port, KEY)) {
                assertEquals(0, right.named("d").dict().size(), "the manager goes on");
            }
        }
    }

    @Test
    void aClassOffTheListIsRefusedByNameAndNeverBuilt(@TempDir Path dir) throws Exception {
        Manager server = track(Manager.serve("127.0.0.1", 0, KEY));
        int port = Integer.parseInt(server.address().substring(server.address().lastIndexOf(':') + 1));
        Path mark = dir.resolve("built");
        try (Manager client = Manager.connect("127.0.0.1", port, KEY)) {
            DictProxy<String, Object> d = client.named("d").dict();
            RemoteError e = assertThrows(RemoteError.class, () -> d.put("gadget", new Gadget(mark)));
            assertEquals("org.iomodels.process.RejectedClassException", e.remoteClass());
            assertTrue(e.getMessage().contains(Gadget.class.getName()), e.getMessage());
            d.put("plain", 1);
            assertEquals(1, d.size(), "the connection and the dict go on");
        }
        assertFalse(Files.exists(mark), "the refused class was never instantiated in the manager");
    }

    @Test
    void aKilledManagerFailsItsProxiesAtOnce() throws Exception {
        Manager m = manager();
        QueueProxy q = m.queue();
        DictProxy<String, Integer> d = m.dict();
        CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(q::get);
        Thread.sleep(200);
        ProcessHandle.of(m.pid()).orElseThrow().destroyForcibly();
        Throwable blocked = assertThrows(java.util.concurrent.ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS)).getCause();
        assertTrue(blocked instanceof ManagerException, "a blocked get fails: " + blocked);
        ManagerException e = assertThrows(ManagerException.class, () -> d.put("k", 1));
        assertTrue(e.getMessage().contains("pid " + m.pid()), e.getMessage());
        assertTrue(e.getMessage().contains("signal 9"), e.getMessage());
    }

    @Test
    void registeredTypesAreServedThroughProxies() throws Exception {
        Manager.register("Counter", Counter.class);
        Manager m = manager();
        Proxy c = m.create("Counter", 10);
        assertEquals(15L, (long) c.call("increment", 5));
        Counter.View view = c.as(Counter.View.class);
        assertEquals(16L, view.increment(1));
        ChildProcess child = started(new ChildProcess((Proxy p) -> p.call("increment", 4), c));
        joined(child);
        assertEquals(20L, view.get(), "a child called the same object");
        assertThrows(IllegalArgumentException.class, () -> c.call("wait"), "Object's methods are not exposed");
        assertThrows(IllegalArgumentException.class, () -> m.create("Nothing"));
    }
}
