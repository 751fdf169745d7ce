package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.iomodels.protocol.Chat;
import org.iomodels.protocol.Echo;
import org.iomodels.server.IoModel;
import org.iomodels.server.Server;
import org.iomodels.server.ServerConfig;
import org.iomodels.engine.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code iomodels client} as a process: stdin to the server, the server to stdout, and its exit codes. */
@Timeout(30)
class ClientCommandTest {
    @Test
    void sendsStdinLinesPrintsTheEchoAndExitsZeroAtEndOfInput() throws Exception {
        try (Server server = Engines.open(IoModel.EPOLL, ServerConfig.defaults(), new Echo()).start()) {
            Process client = CliProcess.builder("client", "--port", Integer.toString(server.address().getPort()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream stdin = client.getOutputStream()) {
                // A last line without its newline is still sent as a line.
                stdin.write("hello\nw\u00f6rld \u2713\r\n\nlast".getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("hello\nw\u00f6rld \u2713\n\nlast\n", out);
            assertEquals(0, CliProcess.exitCode(client, 10));
        }
    }

    @Test
    void printsWhatArrivesWhileStdinIsOpenAndExitsZeroWhenTheServerCloses() throws Exception {
        try (Server server = Engines.open(IoModel.EPOLL, ServerConfig.defaults(), new Chat()).start()) {
            int port = server.address().getPort();
            Process client = CliProcess.builder("client", "--port", Integer.toString(port)).start();
            try (OutputStream stdin = client.getOutputStream()) {
                var stdout = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                String welcome = stdout.readLine();
                assertTrue(welcome.startsWith("* you are "), welcome);
                String name = welcome.substring("* you are ".length(), welcome.indexOf(';'));
                try (ChatClient other = ChatClient.connect(port)) {
                    assertEquals("* " + other.name + " joined", stdout.readLine());
                    other.send("ping");
                    assertEquals("<" + other.name + "> ping", stdout.readLine(), "printed before any stdin line");
                    stdin.write("pong\n/quit\n".getBytes(StandardCharsets.UTF_8));
                    stdin.flush(); // stdin stays open: the server's close alone must end the client
                    other.expect("<" + name + "> pong");
                    other.expect("* " + name + " left");
                    assertEquals(0, CliProcess.exitCode(client, 10));
                }
            }
            String err = new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("iomodels client: 127.0.0.1:" + port + " closed the connection\n", err);
        }
    }

    @Test
    void atEndOfInputWaitsForTheServerOnlyABoundedTime() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) { // accepts, then neither answers nor closes
            Process client = CliProcess.builder("client", "--port", Integer.toString(silent.getLocalPort()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (Socket accepted = silent.accept()) {
                client.getOutputStream().write("anyone?\n".getBytes(StandardCharsets.UTF_8));
                client.getOutputStream().close();
                byte[] got = accepted.getInputStream().readAllBytes(); // until the client's half-close
                assertEquals("anyone?\n", new String(got, StandardCharsets.UTF_8));
                accepted.getOutputStream().write("late words\n".getBytes(StandardCharsets.UTF_8));
                assertEquals(0, CliProcess.exitCode(client, 10), "the client must give up on a server that never closes");
                assertEquals("late words\n", new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void connectionRefusedExitsOneWithOneLine() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // free once closed: nothing listens there
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertEquals(1, cli.execute("client", "--port", Integer.toString(port)));
        assertEquals("iomodels client: cannot connect to 127.0.0.1:" + port + ": Connection refused\n", err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void missingOrBadPortIsAUsageError() {
        for (String[] args : new String[][] {{"client"}, {"client", "--port", "0"}, {"client", "--port", "x"}}) {
            StringWriter err = new StringWriter();
            var cli = Main.newCommandLine();
            cli.setErr(new PrintWriter(err));
            assertEquals(2, cli.execute(args), String.join(" ", args));
            assertEquals(1, err.toString().lines().count(), err.toString());
        }
    }
}
