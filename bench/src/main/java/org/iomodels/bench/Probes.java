package org.iomodels.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the scenarios that measure in fresh processes share (green, processes): running one probe
 * process that prints {@code FIGURE VALUE}, and the Python peers' scripts, copied out of the jar
 * to a temporary file (never into the results).
 */
public final class Probes {
    private Probes() {}

    /** Runs {@code cmd} and reads its line {@code FIGURE VALUE}; NaN (and a note on {@code progress}) if it fails or outlasts {@code seconds}. */
    public static double measure(List<String> cmd, String figure, long seconds, PrintStream progress) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                progress.println("  " + figure + ": no result within " + seconds + " s: ended");
                return Double.NaN;
            }
            String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String[] parts = line.split(" ");
            if (p.exitValue() != 0 || parts.length != 2 || !parts[0].equals(figure)) {
                progress.println("  " + figure + ": the probe failed (exit " + p.exitValue() + ", printed '" + line + "')");
                return Double.NaN;
            }
            return Double.parseDouble(parts[1]);
        } finally {
            p.destroyForcibly();
        }
    }

    /** The bench jar's {@code python/NAME}, copied to a temporary file deleted when this JVM exits. */
    public static Path pythonScript(String name) throws IOException {
        Path target = Files.createTempFile(name.replace(".py", ""), ".py");
        target.toFile().deleteOnExit();
        try (InputStream in = Probes.class.getResourceAsStream("/org/iomodels/bench/python/" + name)) {
            if (in == null) {
                throw new IOException("the bench jar lacks python/" + name);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
