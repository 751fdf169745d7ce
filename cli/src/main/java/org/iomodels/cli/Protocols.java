package org.iomodels.cli;

import java.io.IOException;
import java.util.List;
import org.iomodels.protocol.Chat;
import org.iomodels.protocol.Echo;
import org.iomodels.protocol.http.Http;
import org.iomodels.protocol.http.HttpConfig;
import org.iomodels.server.Handler;

/** The protocols by the names the command line uses. */
final class Protocols {
    static final List<String> NAMES = List.of("echo", "chat", "http");

    private Protocols() {}

    /** The handler for {@code name}; {@code http} is configured by {@code httpConfig}. */
    static Handler open(String name, HttpConfig httpConfig) {
        return switch (name) {
            case "echo" -> new Echo();
            case "chat" -> new Chat();
            case "http" -> {
                try {
                    yield new Http(httpConfig);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot serve files from " + httpConfig.root() + ": " + e.getMessage());
                }
            }
            default -> throw new IllegalArgumentException("unknown protocol '" + name + "'; valid protocols: "
                    + String.join(", ", NAMES));
        };
    }
}
