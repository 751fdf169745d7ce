package org.iomodels.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM started without {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} gets a sentence naming the flag. */
class WithoutTheExportTest {
    /** The child's main: make a greenlet. */
    public static void main(String[] args) {
        new Greenlet(arg -> null);
    }

    @Test
    void theFirstGreenletSaysWhichFlagIsMissing() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WithoutTheExportTest.class.getName())
                .redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the child JVM ended");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, p.exitValue(), out);
            assertTrue(out.contains("start the JVM with --add-exports java.base/jdk.internal.vm=ALL-UNNAMED"), out);
        } finally {
            p.destroyForcibly();
        }
    }
}
