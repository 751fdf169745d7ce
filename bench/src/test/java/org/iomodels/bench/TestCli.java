package org.iomodels.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import org.iomodels.load.LoadConfig;
import org.iomodels.load.LoadGenerator;
import org.iomodels.load.LoadResult;
import org.iomodels.protocol.Echo;
import org.iomodels.server.IoModel;
import org.iomodels.engine.Engines;
import org.iomodels.server.ServerConfig;

/**
 * The bench's {@code serve} and {@code load} commands for the bench module's own tests (the real
 * ones live in cli, which depends on this module): {@code serve --model M ...} runs engine M on an
 * ephemeral port, or with {@code -Dtestcli.acceptDelayMs=D} a thread-per-connection echo server that
 * accepts one connection every D ms (a slow acceptor); {@code load ...} runs the load generator and
 * prints its JSON, as {@code iomodels load --json} does.
 */
public final class TestCli {
    private TestCli() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            opt.put(args[i], args[i + 1]);
        }
        switch (args[0]) {
            case "serve" -> serve(opt.get("--model"));
            case "load" -> System.exit(load(opt));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void serve(String model) throws Exception {
        long delay = Long.getLong("testcli.acceptDelayMs", -1);
        if (delay >= 0) {
            ServerSocket listener = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
            System.out.println("listening on 127.0.0.1:" + listener.getLocalPort() + " (slow acceptor)");
            System.out.flush();
            while (true) {
                Socket s = listener.accept();
                Thread.ofPlatform().start(() -> echo(s));
                Thread.sleep(delay);
            }
        }
        var server = Engines.open(IoModel.byName(model), ServerConfig.defaults().withPort(0), new Echo()).start();
        System.out.println("listening on 127.0.0.1:" + server.address().getPort() + " (model " + model + ")");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void echo(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // the load closed it
        }
    }

    private static int load(Map<String, String> o) throws InterruptedException {
        LoadConfig config = new LoadConfig(new InetSocketAddress("127.0.0.1", Integer.parseInt(o.get("--port"))),
                Integer.parseInt(o.get("--conns")), Integer.parseInt(o.get("--idle")), Integer.parseInt(o.get("--size")),
                Integer.parseInt(o.get("--pipeline")), 0, Double.parseDouble(o.get("--warmup")),
                Double.parseDouble(o.get("--duration")), Integer.parseInt(o.get("--threads")), null);
        LoadResult r = LoadGenerator.run(config, System.err);
        System.out.println(r.toJson());
        return r.ok() ? 0 : 1;
    }
}
