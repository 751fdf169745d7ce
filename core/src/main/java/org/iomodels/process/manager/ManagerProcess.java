package org.iomodels.process.manager;

import java.io.Serial;
import java.util.Map;
import org.iomodels.process.ChildProcess;
import org.iomodels.process.Connection;

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
