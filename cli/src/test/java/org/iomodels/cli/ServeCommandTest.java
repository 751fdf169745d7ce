package org.iomodels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iomodels.server.IoModel;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code serve} as a user runs it, on every model: a real process, 300 concurrent clients sending
 * random sizes up to 64 KiB (some resetting mid-stream), every byte checked, then SIGTERM: exit 0
 * within 2 s with the stats line.
 */
@Timeout(120)
class ServeCommandTest {
    private static final int CLIENTS = 300;
    private static final int MAX_SIZE = 64 * 1024;
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) \\(model (\\S+)\\)");
    private static final Pattern STATS = Pattern.compile(
            "stats model=(\\S+) msgs=(\\d+) bytes=(\\d+) syscalls=(\\d+) per_msg=\\d+\\.\\d\\d"
                    + " wait=\\d+ read=\\d+ write=\\d+ eagain=\\d+ other=\\d+( async_read=\\d+ async_write=\\d+)?( signals=\\d+)?");

    @ParameterizedTest
    @EnumSource(IoModel.class)
    void survives300ClientsWithResetsByteExactThenStopsCleanly(IoModel model) throws Exception {
        Process server = new ProcessBuilder(javaCommand("serve", "--model", model.cliName(), "--port", "0", "--stats"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            var stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = stdout.readLine();
            Matcher m = LISTENING.matcher(String.valueOf(line));
            assertTrue(m.matches(), "first line: " + line);
            assertEquals(model.cliName(), m.group(2));
            int port = Integer.parseInt(m.group(1));

            long expected = 0;
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Long>> results = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    long seed = i;
                    boolean resetter = i % 10 == 7;
                    results.add(clients.submit(() -> resetter ? reset(port, seed) : echo(port, seed)));
                }
                for (Future<Long> f : results) {
                    expected += f.get(60, TimeUnit.SECONDS);
                }
            }
            assertTrue(echo(port, 4242) > 0, "still serving after the resets");

            long stoppedAt = System.nanoTime();
            new ProcessBuilder("kill", "-TERM", Long.toString(server.pid())).start().waitFor();
            assertTrue(server.waitFor(2, TimeUnit.SECONDS), model + ": still running 2 s after SIGTERM");
            assertEquals(0, server.exitValue());
            assertTrue(System.nanoTime() - stoppedAt < 2_000_000_000L);
            String stats = stdout.readLine();
            Matcher s = STATS.matcher(String.valueOf(stats));
            assertTrue(s.matches(), "stats line: " + stats);
            assertEquals(model.cliName(), s.group(1));
            assertEquals(model == IoModel.IO_URING, s.group(5) != null, "async counts exactly for io_uring: " + stats);
            assertEquals(model == IoModel.SIGIO, s.group(6) != null, "signal counts exactly for sigio: " + stats);
            assertTrue(Long.parseLong(s.group(3)) >= expected, "bytes counted " + s.group(3) + " < echoed " + expected);
        } finally {
            server.destroyForcibly();
        }
    }

    private static long echo(int port, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long total = 0;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int i = 0; i < 3; i++) {
                byte[] message = new byte[1 + random.nextInt(MAX_SIZE)];
                random.nextBytes(message);
                out.write(message);
                byte[] back = new byte[message.length];
                in.readFully(back);
                assertArrayEquals(message, back);
                total += message.length;
            }
        }
        return total;
    }

    private static long reset(int port, long seed) throws IOException {
        byte[] part = new byte[1 + new SplittableRandom(seed).nextInt(MAX_SIZE)];
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(part);
            socket.setSoLinger(true, 0); // close sends RST
        }
        return 0;
    }

    private static List<String> javaCommand(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
