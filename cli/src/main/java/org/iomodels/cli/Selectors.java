package org.iomodels.cli;

import java.io.IOException;
import java.util.List;
import org.iomodels.selectors.EpollSelector;
import org.iomodels.selectors.PollSelector;
import org.iomodels.selectors.SelectSelector;
import org.iomodels.selectors.Selector;

/** The selectors by the names the command line uses. */
final class Selectors {
    static final List<String> NAMES = List.of("select", "poll", "epoll");

    private Selectors() {}

    static Selector open(String name) throws IOException {
        return switch (name) {
            case "select" -> new SelectSelector();
            case "poll" -> new PollSelector();
            case "epoll" -> new EpollSelector();
            default -> throw new IllegalArgumentException("unknown selector '" + name + "'; expected one of " + NAMES);
        };
    }
}
