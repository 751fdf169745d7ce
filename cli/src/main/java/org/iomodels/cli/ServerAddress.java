package org.iomodels.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --host} and {@code --port} of a command that connects to a server ({@code load},
 * {@code client}): a picocli mixin, so both declare and check them the same way.
 */
final class ServerAddress {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", required = true, description = "Server port, 1..65535.")
    int port;

    /** The server's address, resolved; a bad port or an unknown host is a usage error (exit 2). */
    InetSocketAddress resolve() {
        Checks check = new Checks(mixee);
        int p = check.connectPort(port);
        return new InetSocketAddress(check.host(host), p);
    }
}
