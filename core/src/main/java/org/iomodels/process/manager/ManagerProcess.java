package org.iomodels.process.manager;

import java.io.IOException;
import java.io.Serial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.iomodels.process.ChildProcess;
import org.iomodels.process.Connection;
import org.iomodels.process.Pipe;

/**
 * The manager's own process (Python's manager process): binds its {@link Server}, tells the
 * parent the address it bound (or why it could not) on a one-way pipe, and serves until a client
 * asks it to shut down. It is a daemon child: it ends with the process that started it, even one
 * killed by a signal.
 */
final class ManagerProcess extends ChildProcess {
    @Serial
    private static final long serialVersionUID = 1L;
    static final String READY = "ready ";
    static final String FAILED = "failed ";
    /** How long a manager's process may take to say it listens. */
    private static final double START_SECONDS = 60;

    private final String address;
    private final byte[] authKey;
    private final Map<String, String> registered;
    private final Connection report;

    ManagerProcess(String address, byte[] authKey, Map<String, String> registered, Connection report) {
        this.address = address;
        this.authKey = authKey.clone();
        this.registered = Map.copyOf(registered);
        this.report = report;
        name("Manager-" + address);
        daemon(true);
    }

    /** A manager this process started: its client, its process, and the directory of its socket (null: a TCP one). */
    record Started(Client client, ManagerProcess process, Path directory) {}

    static Started startLocal(Map<String, String> registered) throws IOException {
        Path dir = Files.createTempDirectory("iomodels-manager-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        dir.toFile().deleteOnExit();
        dir.resolve("socket").toFile().deleteOnExit();
        try {
            return start("unix:" + dir.resolve("socket"), Auth.newKey(), dir, registered);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(dir);
            throw e;
        }
    }

    static Started start(String address, byte[] key, Path dir, Map<String, String> registered) throws IOException {
        Pipe report = Pipe.open(false);
        ManagerProcess p = new ManagerProcess(address, key, registered, report.two());
        try {
            p.start();
            report.two().close();
            if (!report.one().poll(START_SECONDS)) {
                throw new IOException("the manager's process did not start listening within " + START_SECONDS + " s");
            }
            String said = (String) report.one().recv();
            if (!said.startsWith(ManagerProcess.READY)) {
                throw new IOException("the manager could not listen on " + address.substring(address.indexOf(':') + 1) + ": "
                        + said.substring(ManagerProcess.FAILED.length()));
            }
            Client c = Client.of(new Token.Home(said.substring(ManagerProcess.READY.length()), key, p.pid()));
            c.fate = () -> {
                try {
                    p.join(0.5); // a connection broken by the process's death: its exit is known a moment later
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Integer code = p.exitCode();
                return code == null ? null : "its process " + p.pid() + " ended with " + describeExit(code);
            };
            return new Started(c, p, dir);
        } catch (java.io.EOFException e) {
            stopQuietly(p);
            throw new IOException("the manager's process ended before it listened" + (p.exception() != null ? ": " + p.exception().getMessage() : ""), e);
        } catch (IOException | RuntimeException e) {
            stopQuietly(p);
            throw e;
        } finally {
            report.close();
        }
    }

    private static void stopQuietly(ManagerProcess p) {
        try {
            if (p.pid() > 0 && p.isAlive()) {
                p.kill();
            }
            p.join(5);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // it is being stopped because something else failed: that failure is the one reported
        }
    }

    @Override
    public void run() throws Exception {
        Server server;
        try {
            server = Server.bind(address, authKey, registered);
        } catch (Exception e) {
            report.send(FAILED + e.getMessage());
            throw e;
        }
        report.send(READY + server.home.address);
        report.close();
        server.serveUntilStopped();
    }
}
