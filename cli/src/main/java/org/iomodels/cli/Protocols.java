package org.iomodels.cli;

import java.util.List;
import org.iomodels.protocol.Chat;
import org.iomodels.protocol.Echo;
import org.iomodels.server.Handler;

/** The protocols by the names the command line uses. */
final class Protocols {
    static final List<String> NAMES = List.of("echo", "chat");

    private Protocols() {}

    static Handler open(String name) {
        return switch (name) {
            case "echo" -> new Echo();
            case "chat" -> new Chat();
            default -> throw new IllegalArgumentException("unknown protocol '" + name + "'; valid protocols: "
                    + String.join(", ", NAMES));
        };
    }
}
