package org.iomodels.bench.crawl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.iomodels.engine.Engines;
import org.iomodels.protocol.http.Http;
import org.iomodels.protocol.http.HttpConfig;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;

/**
 * Web sites on loopback for the crawler to crawl: each a directory of a temporary root served by
 * this project's HTTP server ({@code epoll}, or {@code jdk-nio} where epoll is not), every answer
 * its own latency late ({@code --delay}: the connection's timer, no thread waiting). Closing stops
 * the servers and removes the files.
 */
public final class LocalSites implements AutoCloseable {
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Path root;
    private final IoModel model = Engines.isSupported(IoModel.EPOLL) ? IoModel.EPOLL : IoModel.JDK_NIO;

    public LocalSites(String prefix) throws IOException {
        this.root = Files.createTempDirectory(prefix);
    }

    /** A new, empty directory for a site's files. */
    public Path newDir(String name) throws IOException {
        return Files.createDirectory(root.resolve(name));
    }

    /** Serves {@code dir} with every answer {@code latency} late; the site's front page. */
    public String serve(Path dir, Duration latency) throws IOException {
        Http http = new Http(HttpConfig.defaults().withRoot(dir).withResponseDelay(latency));
        open.add(http);
        Server s = Engines.open(model, ServerConfig.defaults().withPort(0), http);
        open.add(s);
        s.start();
        return "http://127.0.0.1:" + s.address().getPort() + "/";
    }

    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                // our own servers, stopping
            }
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
